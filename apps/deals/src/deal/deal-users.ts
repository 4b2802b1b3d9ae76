import type { DealTeamMemberV1 } from '@saleswire/contracts';
import type { UserReference } from '@saleswire/messaging';

/**
 * The users a deal's request names, each with its field: the owner and the team members who are users (not
 * partners or outside companies). They must be active users of the directory (ADR 0016).
 */
export function dealUserReferences(input: { ownerId?: string | null; team?: DealTeamMemberV1[] }): UserReference[] {
  const references: UserReference[] = [];
  if (input.ownerId) references.push({ field: 'ownerId', userId: input.ownerId });
  (input.team ?? []).forEach((member, index) => {
    if (member.userId) references.push({ field: `team.${index}.userId`, userId: member.userId });
  });
  return references;
}
