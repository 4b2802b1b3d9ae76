// The rule that assigns new leads (API.md: `GET|PUT /lead-assignment`, heads of sales and admins) as the form edits
// it: one row per person who could take leads — the rule's members and the department's other active managers —
// each in the rotation or not, available or away (absent, on leave: no leads), with a weight for `weighted`.
import type { DirectoryEntry } from '../shared/user-names';

export const STRATEGIES = [
  { value: 'round_robin', label: 'Round robin: each in turn' },
  { value: 'weighted', label: 'Weighted: by each one’s weight' },
  { value: 'least_loaded', label: 'Least loaded: to whoever has the fewest open leads' },
] as const;
export type Strategy = (typeof STRATEGIES)[number]['value'];

export interface AssignmentMember {
  userId: string;
  weight: number;
  active: boolean;
}

export interface AssignmentRule {
  strategy: Strategy;
  members: AssignmentMember[];
  version: number;
  updatedAt: string | null;
}

export interface MemberRow {
  userId: string;
  name: string;
  /** In the rotation at all. */
  member: boolean;
  /** Takes leads now (false: absent, on leave). */
  available: boolean;
  /** As typed; a whole number from 1 to 1000. */
  weight: string;
}

const MAX_WEIGHT = 1000;

/**
 * The form's rows: the rule's members in its order, then the active candidates (managers, heads of sales) who are
 * not members, by name. A member the directory no longer lists keeps a row, so saving does not drop it unseen.
 */
export function memberRows(rule: Pick<AssignmentRule, 'members'> | undefined, candidates: DirectoryEntry[], nameOf: (id: string) => string): MemberRow[] {
  const members = rule?.members ?? [];
  const known = new Set(members.map((member) => member.userId));
  return [
    ...members.map((member) => ({ userId: member.userId, name: nameOf(member.userId), member: true, available: member.active, weight: String(member.weight) })),
    ...candidates
      .filter((candidate) => !known.has(candidate.id))
      .map((candidate) => ({ userId: candidate.id, name: candidate.name, member: false, available: true, weight: '1' })),
  ];
}

/** The PUT body for the rows in the rotation, or the weights that keep it from being sent (by user id). */
export function ruleBody(strategy: Strategy, rows: MemberRow[]): { body: { strategy: Strategy; members: AssignmentMember[] } } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const members: AssignmentMember[] = [];
  for (const row of rows) {
    if (!row.member) continue;
    const weight = Number(row.weight.trim());
    if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
      errors[row.userId] = `The weight is a whole number from 1 to ${MAX_WEIGHT}.`;
      continue;
    }
    members.push({ userId: row.userId, weight, active: row.available });
  }
  return Object.keys(errors).length > 0 ? { errors } : { body: { strategy, members } };
}

/** What a head of sales should know before saving: nobody in the rotation, or nobody available, gets no lead assigned. */
export function ruleWarning(rows: MemberRow[]): string | null {
  const members = rows.filter((row) => row.member);
  if (members.length === 0) return 'Nobody is in the rotation: new leads without an assignee stay unassigned.';
  if (!members.some((row) => row.available)) return 'Everyone in the rotation is away: new leads without an assignee stay unassigned.';
  return null;
}
