// The deal board's rules in the browser: cards grouped by stage with count and sums per currency, a move shown
// at once and undone when the API refuses it, a 412 answered by reloading the card (API.md, "Deals").
import { SaleswireProblem } from '@saleswire/sdk';
import type { Deal, Money, Stage } from '../api/views';
import { sumByCurrency } from '../shared/format';

export interface BoardColumn {
  stage: Stage;
  deals: Deal[];
  count: number;
  totals: Money[];
}

/** One column per stage of the pipeline, in the pipeline's order; a deal in a stage the pipeline lacks is left out. */
export function buildColumns(stages: Stage[], deals: Deal[]): BoardColumn[] {
  return stages.map((stage) => {
    const inStage = deals.filter((deal) => deal.stage === stage.code);
    return { stage, deals: inStage, count: inStage.length, totals: sumByCurrency(inStage) };
  });
}

/** The deals with one of them in another stage (what the board shows while the API decides). */
export function applyMove(deals: Deal[], dealId: string, stage: string): Deal[] {
  return deals.map((deal) => (deal.id === dealId ? { ...deal, stage } : deal));
}

/** The deals with one replaced by the API's answer for it. */
export function replaceDeal(deals: Deal[], next: Deal): Deal[] {
  return deals.map((deal) => (deal.id === next.id ? next : deal));
}

/**
 * Why a move cannot be sent as it is, before asking the API: same stage, a closed deal (won or lost does not
 * move), or `lost` without a reason. Null when it may be sent; the API still has the last word (422).
 */
export function moveRefusal(deal: Deal, to: string, stages: Stage[], reason = ''): string | null {
  if (deal.stage === to) return null;
  const from = stages.find((stage) => stage.code === deal.stage);
  const target = stages.find((stage) => stage.code === to);
  if (!target) return `This pipeline has no stage ${to}.`;
  if (from && from.semantics !== 'open') return `The deal is ${from.semantics}: a closed deal does not move.`;
  if (target.semantics === 'lost' && reason.trim() === '') return 'Say why the deal was lost.';
  return null;
}

export interface MoveFailure {
  /** The sentence for the user. */
  message: string;
  /** True when the card must be read again from the API (412: someone changed it). */
  reload: boolean;
}

/** What a failed move means for the board: a 412 reloads the card and says so; any other failure says the API's reason. */
export function moveFailure(error: unknown): MoveFailure {
  if (error instanceof SaleswireProblem && error.status === 412) {
    return { message: 'Someone else changed this deal meanwhile. The card was reloaded: check it and move it again.', reload: true };
  }
  if (error instanceof SaleswireProblem) return { message: `The move was refused: ${error.detail}`, reload: error.status === 404 };
  return { message: `The move failed: ${error instanceof Error ? error.message : String(error)}`, reload: false };
}
