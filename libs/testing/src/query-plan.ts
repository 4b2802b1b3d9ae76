/**
 * Plan tests: prove that a list's SQL can be answered from an index, on a small seeded table.
 *
 * On a table of a few hundred rows PostgreSQL rightly prefers a sequential scan, so a plain `EXPLAIN` of a
 * test table proves nothing about a million rows. `explainPlan` therefore plans the query inside a
 * transaction with `SET LOCAL enable_seqscan = off` (and `enable_sort = off` when asked): a sequential scan
 * then costs 10^10 more, so the planner takes any index that can answer the query, and falls back to a
 * sequential scan only when no index can. A plan test asserts two things on that plan:
 *
 * - `expectNoSeqScanOn(plan, ['leads'])`: no index can answer the query is the failure this catches;
 * - `expectIndexScan(plan, 'leads', 'leads_status_created_idx')`: the index meant for the query is the one
 *   taken, not, say, the primary key walked from end to end with a filter (which `enable_seqscan = off`
 *   also accepts, and which is as slow as a sequential scan).
 *
 * Nothing is executed (`EXPLAIN` without `ANALYZE`), and the transaction is rolled back.
 */

/** What can run SQL: a `pg` Client, a TypeORM DataSource or QueryRunner. */
export type PlanConnection =
  | { query(sql: string, params?: unknown[]): Promise<unknown> }
  | { createQueryRunner(): { connect(): Promise<unknown>; query(sql: string, params?: unknown[]): Promise<unknown>; release(): Promise<void> } };

/** One node of `EXPLAIN (FORMAT JSON)`'s plan, as PostgreSQL names its fields. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Sort Key'?: string[];
  Plans?: PlanNode[];
  [field: string]: unknown;
}

/** A node that reads a relation (a table or an index). */
export interface ScanNode {
  nodeType: string;
  relation: string | null;
  index: string | null;
  indexCond: string | null;
  filter: string | null;
}

export interface ExplainOptions {
  /** Plans with sequential scans discouraged (default true): see the module's comment. */
  seqscanOff?: boolean;
  /** Also discourages explicit sorts, to prove an index gives the keyset order (default false). */
  sortOff?: boolean;
  /** Also discourages bitmap scans, as a statement sent with `SET LOCAL enable_bitmapscan = off` is planned (default false). */
  bitmapscanOff?: boolean;
  /** `search_path` for the statement, e.g. the suite's schema, so the SQL can name tables unqualified. */
  searchPath?: string;
}

/** Plans `sql` with `params` (not executed) and answers the root plan node. */
export async function explainPlan(connection: PlanConnection, sql: string, params: unknown[] = [], options: ExplainOptions = {}): Promise<PlanNode> {
  const { seqscanOff = true, sortOff = false, bitmapscanOff = false, searchPath } = options;
  const runner = 'createQueryRunner' in connection ? connection.createQueryRunner() : null;
  // A DataSource is a pool: the settings and the EXPLAIN must run on one connection.
  const run = runner ?? (connection as { query(sql: string, params?: unknown[]): Promise<unknown> });
  if (runner) await runner.connect();
  try {
    await run.query('BEGIN');
    try {
      if (seqscanOff) await run.query('SET LOCAL enable_seqscan = off');
      if (sortOff) await run.query('SET LOCAL enable_sort = off');
      if (bitmapscanOff) await run.query('SET LOCAL enable_bitmapscan = off');
      if (searchPath) await run.query(`SELECT set_config('search_path', $1, true)`, [searchPath]);
      const rows = rowsOf(await run.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
      const document = rows[0]?.['QUERY PLAN'];
      const parsed = (typeof document === 'string' ? JSON.parse(document) : document) as Array<{ Plan: PlanNode }>;
      return parsed[0].Plan;
    } finally {
      await run.query('ROLLBACK');
    }
  } finally {
    if (runner) await runner.release();
  }
}

/** Every node of the plan that reads a table or an index, depth first. */
export function scanNodes(plan: PlanNode): ScanNode[] {
  const found: ScanNode[] = [];
  const visit = (node: PlanNode): void => {
    if (node['Relation Name'] !== undefined || node['Index Name'] !== undefined) {
      found.push({
        nodeType: node['Node Type'],
        relation: node['Relation Name'] ?? null,
        index: node['Index Name'] ?? null,
        indexCond: node['Index Cond'] ?? null,
        filter: node.Filter ?? null,
      });
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  return found;
}

/** Node types of the whole plan, depth first (e.g. to assert there is no `Sort`). */
export function nodeTypes(plan: PlanNode): string[] {
  return [plan['Node Type'], ...(plan.Plans ?? []).flatMap(nodeTypes)];
}

/** Throws when the plan reads any of `tables` by a sequential scan. */
export function expectNoSeqScanOn(plan: PlanNode, tables: string[]): void {
  const seq = scanNodes(plan).filter((node) => node.nodeType === 'Seq Scan' && node.relation !== null && tables.includes(node.relation));
  if (seq.length > 0) {
    throw new Error(`sequential scan of ${seq.map((node) => node.relation).join(', ')} in the plan:\n${describePlan(plan)}`);
  }
}

/**
 * Throws unless the plan reads `index` (an Index, Index Only or Bitmap Index Scan). Bitmap index scans name
 * no relation, so only the index's name is compared.
 */
export function expectIndexScan(plan: PlanNode, index: string): ScanNode {
  const node = scanNodes(plan).find((scan) => scan.index === index);
  if (!node) throw new Error(`index ${index} is not used by the plan:\n${describePlan(plan)}`);
  return node;
}

/** The plan as indented text, one node a line, for failure messages. */
export function describePlan(plan: PlanNode, depth = 0): string {
  const on = plan['Index Name'] ? ` using ${plan['Index Name']}` : '';
  const of = plan['Relation Name'] ? ` on ${plan['Relation Name']}` : '';
  const cond = plan['Index Cond'] ? ` [cond ${plan['Index Cond']}]` : '';
  const filter = plan.Filter ? ` [filter ${plan.Filter}]` : '';
  const line = `${'  '.repeat(depth)}${plan['Node Type']}${on}${of}${cond}${filter}`;
  return [line, ...(plan.Plans ?? []).map((child) => describePlan(child, depth + 1))].join('\n');
}

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return (result as { rows: Array<Record<string, unknown>> }).rows;
}
