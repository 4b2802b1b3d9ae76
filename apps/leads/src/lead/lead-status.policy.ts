import type { LeadStatus } from '@saleswire/contracts';

/** Statuses in which a lead is still being worked: duplicates are searched among them, loads count them. */
export const OPEN_STATUSES: readonly LeadStatus[] = ['new', 'in_progress', 'qualified'];

/**
 * The open statuses as a SQL constant, for named statements: a generic plan proves the partial open-lead indexes
 * from a constant, never from a parameter (statuses are lower-case words, so nothing needs quoting).
 */
export const OPEN_STATUSES_SQL = `'{${OPEN_STATUSES.join(',')}}'::text[]`;

/** Where a lead may go by hand from each status; `converted` is reached only by conversion. */
const MOVES: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['in_progress', 'qualified', 'junk'],
  in_progress: ['qualified', 'junk'],
  qualified: ['in_progress', 'junk'],
  converted: [],
  junk: [],
};

export type StatusMoveVerdict = { ok: true } | { ok: false; reason: string };

/** Whether a lead in `from` may be moved to `to` (a converted or junk lead never moves again). */
export function checkStatusMove(from: LeadStatus, to: LeadStatus): StatusMoveVerdict {
  if (from === 'converted' || from === 'junk') return { ok: false, reason: `A ${from} lead does not change status.` };
  if (from === to) return { ok: false, reason: `The lead is already ${from}.` };
  if (!MOVES[from].includes(to)) return { ok: false, reason: `A lead cannot move from ${from} to ${to}.` };
  return { ok: true };
}

/** Whether a lead in this status may still be converted. */
export function checkConvertible(status: LeadStatus): StatusMoveVerdict {
  if (status === 'junk') return { ok: false, reason: 'A junk lead cannot be converted.' };
  return { ok: true };
}
