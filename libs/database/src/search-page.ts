import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Up to how many matches, by the planner's estimate, a search's matches are all read from the trigram index and
 * sorted rather than found by walking the list's id index (`searchPage`). Reading one costs about 4 µs, and up to
 * 17 µs where the scope is a sub-query per row (a manager's customers at a million deals: 6,062 matches of
 * `Kozlova` in 109 ms); 2,500 of them stay well within a read's 50 ms.
 */
export const FEW_MATCHES = 2500;

/** A text search's condition on a list's rows (a `LIKE` or a regular expression the trigram index answers). */
export interface TextCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The first `take` rows of a list that match a text search, in the list's id order (keyset pages; ADR 0019,
 * decision 13).
 *
 * The planner either walks the list's id index until a page matches or reads every match from the trigram index
 * and sorts them. It chooses by how many rows it expects to walk, as if the matches were spread evenly over the
 * ids. They rarely are: customers named «Полет 4…» were all created long ago, so the walk for `q=Полет 4` read
 * 150,000 rows for a page (136 ms) where reading its 738 matches takes 3 ms. Only the number of matches is known
 * to the planner, not where they are; so when it expects few (`FEW_MATCHES`), they are read from the trigram index
 * and sorted, whatever the walk seemed to cost (the page is asked for in an order no index gives). With
 * many, a walk finds a page soon wherever they are. `list` is the list's query with its scope, filters, cursor and
 * `ORDER BY` of the id; the rows come back in its order.
 */
export async function searchPage<T extends ObjectLiteral>(list: SelectQueryBuilder<T>, search: TextCondition, take: number): Promise<T[]> {
  const matching = list.clone().andWhere(search.sql, search.params).limit(take);
  if ((await estimatedMatches(list, search)) > FEW_MATCHES) return matching.getMany();
  // The same order, with the nulls (the id has none) where no index of the list gives them: no index walk then
  // yields the order, so the matches are read from the trigram index and sorted. Scope sub-queries keep their indexes.
  const ascending = Object.values(list.expressionMap.orderBys).some((order) => order === 'ASC' || (typeof order === 'object' && order.order === 'ASC'));
  return matching.orderBy(`${list.alias}.id`, ascending ? 'ASC' : 'DESC', ascending ? 'NULLS FIRST' : 'NULLS LAST').getMany();
}

/** How many rows of the list's table the planner expects the condition to match (one plan, nothing read). */
async function estimatedMatches<T extends ObjectLiteral>(list: SelectQueryBuilder<T>, search: TextCondition): Promise<number> {
  const [sql, params] = list.connection
    .createQueryBuilder(list.expressionMap.mainAlias!.target, list.alias)
    .select('1')
    .where(search.sql, search.params)
    .getQueryAndParameters();
  const [row] = (await list.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>;
  return row['QUERY PLAN'][0].Plan['Plan Rows'];
}
