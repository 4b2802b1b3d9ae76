import type { DealStatus, StageSemantics, WonBy } from '@saleswire/contracts';
import type { DealEntity } from './deal.entity';
import { paymentsCover } from './deal-payment.policy';

export interface StageRef {
  code: string;
  semantics: StageSemantics;
  probability: number;
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

/** How a move happens beyond its target stage. */
export interface MoveCircumstances {
  reason: string | null;
  wonBy?: WonBy;
  /** When the purchase was made (the covering payment's date); the moment of the move when absent. */
  wonAt?: Date;
}

/** A move made to a deal in memory: once the deal is saved, its history entry and its events are written from it. */
export interface StageTransition {
  from: string;
  fromSemantics: DealStatus;
  target: StageRef;
  reason: string | null;
  wonBy: WonBy;
  at: Date;
}

type MovableDeal = Pick<DealEntity, 'stage' | 'status' | 'probability' | 'wonAt' | 'closedAt' | 'lostReason'>;

/**
 * What a move does to a deal: stage, probability and status follow the target stage; `won` dates the purchase
 * and closes the deal; `lost` keeps the reason and closes it. Answers the move, to be recorded once saved.
 */
export function moveDeal(deal: MovableDeal, target: StageRef, how: MoveCircumstances, now = new Date()): StageTransition {
  const transition: StageTransition = {
    from: deal.stage,
    fromSemantics: deal.status,
    target,
    reason: how.reason,
    wonBy: how.wonBy ?? 'hand',
    at: now,
  };
  deal.stage = target.code;
  deal.probability = target.probability;
  deal.status = target.semantics;
  if (target.semantics === 'won') {
    deal.wonAt = how.wonAt ?? now;
    deal.closedAt = now;
  }
  if (target.semantics === 'lost') {
    deal.lostReason = how.reason;
    deal.closedAt = now;
  }
  return transition;
}
