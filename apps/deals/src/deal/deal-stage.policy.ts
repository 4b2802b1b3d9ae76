import type { StageSemantics } from '@saleswire/contracts';

export interface StageRef {
  code: string;
  semantics: StageSemantics;
  probability: number;
}

/** Amounts compared in cents: 0.1 + 0.2 covers 0.3. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The payment rule: a deal's payments cover its amount (a deal without an amount is never covered). */
export function paymentsCover(amount: number | null, paid: number): boolean {
  return amount !== null && toCents(paid) >= toCents(amount);
}

export interface StageMove {
  current: StageRef;
  /** The stage asked for; undefined when the pipeline has no stage with that code. */
  target: StageRef | undefined;
  reason?: string;
  amount: number | null;
  paid: number;
  /** False for pipelines where a deal may be won by hand before the money is in. */
  requiresPayment: boolean;
}

export type StageDecision =
  | { allowed: true; target: StageRef }
  | { allowed: false; code: 'unknown_stage' | 'closed' | 'same_stage' | 'reason_required' | 'not_paid'; message: string };

/**
 * Which moves a manager may make (API.md, `POST /deals/{id}/stage`), keyed on stage semantics, never names:
 * any open stage may follow any open stage; a closed deal does not move; `lost` needs a reason; `won` by
 * hand needs payments covering the amount unless the pipeline does not require payment.
 */
export function decideStageMove(move: StageMove): StageDecision {
  const { current, target } = move;
  if (!target) return { allowed: false, code: 'unknown_stage', message: 'The deal’s pipeline has no such stage.' };
  if (current.semantics !== 'open') {
    return { allowed: false, code: 'closed', message: `The deal is ${current.semantics} and does not move any more.` };
  }
  if (target.code === current.code) return { allowed: false, code: 'same_stage', message: `The deal is already in ${current.code}.` };
  if (target.semantics === 'lost' && !move.reason?.trim()) {
    return { allowed: false, code: 'reason_required', message: 'A deal is lost only with a reason.' };
  }
  if (target.semantics === 'won' && move.requiresPayment && !paymentsCover(move.amount, move.paid)) {
    return {
      allowed: false,
      code: 'not_paid',
      message: 'A deal is won when its payments cover its amount; record the payments instead of moving it by hand.',
    };
  }
  return { allowed: true, target };
}
