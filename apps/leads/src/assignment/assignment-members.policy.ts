import type { AssignmentMemberV1 } from '@saleswire/contracts';
import type { UserReference } from '@saleswire/messaging';

/**
 * The users a rule's members name, as the user directory checks them (ADR 0016): every member must be a user of
 * the directory — an unknown id, a typo or an API key's id is refused, since leads would go to nobody who can
 * work them — and a member the rule marks active must be an active user. A member marked inactive may be a
 * deactivated user: the rule keeps them (someone who left for a while), and they get no leads either way.
 */
export function memberReferences(members: readonly AssignmentMemberV1[]): UserReference[] {
  return members.map((member, index) => ({ field: `members.${index}.userId`, userId: member.userId, mayBeDeactivated: !member.active }));
}
