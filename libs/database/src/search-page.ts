import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** How many of a list's first rows (in its order) a text search reads before it reads every match instead. */
export const SEARCH_WINDOW = 5000;

/** A text search's condition on a list's rows (a `LIKE` or a regular expression the trigram index answers). */
export interface TextCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The first `take` rows of a list that match a text search, in the list's id order (keyset pages; ADR 0020).
 *
 * The planner either walks the list's id index until a page matches or reads every match from the trigram index
 * and sorts them. It chooses by its estimate of how many rows match, as if matches were spread evenly over the
 * ids. They rarely are: customers named «Полет 4…» were all created long ago, so the walk for `q=Полет 4` read
 * 150,000 rows for a page (136 ms), where reading its 738 matches takes 3 ms. So the choice is made here, from
 * what the rows hold rather than an estimate:
 *
 * 1. the list's first `window` rows are searched (the walk, bounded by the window's last id): a term that fills a
 *    page there — a common one — is answered from them;
 * 2. otherwise fewer than a page matched in the window, so the term is rare at least there, and every match is read
 *    from the trigram index and sorted.
 *
 * A list shorter than the window is searched as the planner sees fit: any plan reads at most the window. `list` is
 * the list's query with its scope, filters, cursor and `ORDER BY` id, and no search; the rows come back in its order.
 */
export async function searchPage<T extends ObjectLiteral>(
  list: SelectQueryBuilder<T>,
  search: TextCondition,
  take: number,
  window = SEARCH_WINDOW,
): Promise<T[]> {
  const alias = list.alias;
  const ascending = Object.values(list.expressionMap.orderBys).some((order) => order === 'ASC' || (typeof order === 'object' && order.order === 'ASC'));
  return list.connection.transaction(async (manager) => {
    const on = <Q extends SelectQueryBuilder<T>>(qb: Q): Q => qb.setQueryRunner(manager.queryRunner!);
    const matching = (): SelectQueryBuilder<T> => on(list.clone()).andWhere(search.sql, search.params).limit(take);
    const edge = await on(list.clone()).select(`${alias}.id`, 'id').offset(window - 1).limit(1).getRawOne<{ id: string }>();
    if (!edge) return matching().getMany();
    await manager.query(`SET LOCAL enable_bitmapscan = off`);
    const inWindow = await matching()
      .andWhere(`${alias}.id ${ascending ? '<=' : '>='} :searchWindowEdge`, { searchWindowEdge: edge.id })
      .getMany();
    if (inWindow.length >= take) return inWindow;
    await manager.query(`SET LOCAL enable_bitmapscan = on`);
    await manager.query(`SET LOCAL enable_indexscan = off`);
    return matching().getMany();
  });
}
