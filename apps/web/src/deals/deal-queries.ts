import { read, type Api } from '../api/client';
import type { Deal, Page, Pipeline } from '../api/views';

/** The board shows at most this many deals of a pipeline (newest first); a bigger one wants the reports. */
export const BOARD_LIMIT = 2000;

export async function listPipelines(api: Api): Promise<Pipeline[]> {
  const answer = await read<Page<Pipeline> | Pipeline[]>(api.GET('/api/v1/pipelines'));
  return Array.isArray(answer) ? answer : answer.items;
}

/** The pipeline's deals, page after page up to BOARD_LIMIT; `truncated` when there were more. */
export async function listBoardDeals(api: Api, pipelineId: string): Promise<{ deals: Deal[]; truncated: boolean }> {
  const deals: Deal[] = [];
  let cursor: string | undefined;
  do {
    const page = await read<Page<Deal>>(api.GET('/api/v1/deals', { params: { query: { pipelineId, limit: 500, ...(cursor ? { cursor } : {}) } as never } }));
    deals.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && deals.length < BOARD_LIMIT);
  return { deals, truncated: cursor !== undefined };
}

export function getDeal(api: Api, id: string): Promise<Deal> {
  return read<Deal>(api.GET('/api/v1/deals/{id}', { params: { path: { id } } }));
}

/** POST /deals/{id}/stage with the version the card was shown at in If-Match. */
export function moveDeal(api: Api, deal: Deal, stage: string, reason?: string): Promise<Deal> {
  return read<Deal>(
    api.POST('/api/v1/deals/{id}/stage', {
      params: { path: { id: deal.id } },
      headers: { 'If-Match': String(deal.version) },
      body: { stage, ...(reason ? { reason } : {}) } as never,
    }),
  );
}
