import { createHash } from 'node:crypto';
import {
  QueryFailedError,
  QueryResult,
  QueryRunnerAlreadyReleasedError,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type QueryRunner,
  type SelectQueryBuilder,
} from 'typeorm';
import { entityOfRow, hydratedRows, type ColumnMetadata, type RowColumns } from './entity-rows';
import { schemaOf } from './schema';

/** Where a named statement may run: a transaction's manager or runner, or a data source (any pooled connection). */
export type NamedQueryTarget = DataSource | EntityManager | QueryRunner;

/** What node-postgres answers a query with: only the fields TypeORM's answer is made of. */
export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
  command: string;
}

/** The pg client a PostgreSQL query runner holds once connected (`PostgresQueryRunner.databaseConnection`). */
export interface PgClient {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<PgResult>;
  query(text: string): Promise<PgResult>;
}

/**
 * Names already made, so a hot statement is hashed once per process. Only fixed texts belong here (a text built
 * per call, like a VALUES list of the call's rows, would be prepared on every connection and never used again),
 * so the map stays small; it is emptied if it ever grows past this anyway.
 */
const names = new Map<string, string>();
const MAX_NAMES = 2000;

/**
 * The prepared statement's name for a SQL text: `sw_` and 24 hex digits (96 bits) of its SHA-256, so the same
 * text gets the same name on every connection and in every process, and two texts do not share one (were they to,
 * node-postgres refuses the second on that connection instead of running the wrong statement).
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `sw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named (prepared) statement: PostgreSQL parses and plans it once per connection and, after five
 * runs, may keep a generic plan, where `manager.query` has it parsed and planned on every call. The answer has the
 * shape `manager.query` gives (rows; `[rows, affected]` for UPDATE and DELETE) and a failure is TypeORM's
 * `QueryFailedError`. A transaction's manager or runner runs it on the transaction's connection; a data source or
 * its plain manager on a connection taken from the pool for this statement alone. Fixed texts only.
 */
export async function queryNamed<T = unknown[]>(target: NamedQueryTarget, text: string, values: readonly unknown[] = []): Promise<T> {
  const runner = runnerOf(target);
  if (runner) return runNamed<T>(runner, text, values);
  const dataSource = 'createQueryRunner' in target ? target : (target as EntityManager).dataSource;
  const own = dataSource.createQueryRunner();
  try {
    return await runNamed<T>(own, text, values);
  } finally {
    await own.release();
  }
}

/** The query runner a target already holds (a transaction's), or none for a data source and its plain manager. */
function runnerOf(target: NamedQueryTarget): QueryRunner | undefined {
  if ('createQueryRunner' in target) return undefined;
  if ('startTransaction' in target) return target;
  return target.queryRunner;
}

async function runNamed<T>(runner: QueryRunner, text: string, values: readonly unknown[]): Promise<T> {
  // Another driver (none today) keeps TypeORM's own path: names are a node-postgres feature.
  if (runner.dataSource.options.type !== 'postgres') return runner.query(text, [...values]) as Promise<T>;
  return answerOf(await runNamedRaw(runner, text, values)) as T;
}

async function runNamedRaw(runner: QueryRunner, text: string, values: readonly unknown[]): Promise<PgResult> {
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  return submitNamed((await runner.connect()) as PgClient, text, values);
}

/**
 * Hands a named statement to a connected node-postgres client at once, in this synchronous run, so that statements
 * submitted one after the other keep their order on a pipelined client (`runTransaction`'s last writes before its
 * COMMIT). Its failure is TypeORM's `QueryFailedError`.
 */
export function submitNamed(client: PgClient, text: string, values: readonly unknown[]): Promise<PgResult> {
  return submit(client, text, values, statementName(text));
}

/**
 * Hands a statement to a connected client at once, as `submitNamed` does, named when `name` is given (a fixed text),
 * unnamed otherwise (a text carrying the call's own literals). Its failure is TypeORM's `QueryFailedError`.
 */
export function submit(client: PgClient, text: string, values: readonly unknown[], name?: string): Promise<PgResult> {
  return client.query({ name, text, values: values.some(Array.isArray) ? values.map(parameterOf) : values }).catch((error: unknown) => {
    throw new QueryFailedError(text, [...values], error as Error);
  });
}

/**
 * A parameter as node-postgres sends it, an array of strings, numbers and booleans (the columns of an `unnest`)
 * written here as its array literal: the same text node-postgres' `prepareValue` writes, in half its time, for
 * one escaping test per element instead of a call and two replacements (its arrays were 18 % of reporting's
 * projection profile, docs/benchmarks.md). Any other array (of dates, buffers, arrays, objects) is left to it.
 */
export function parameterOf(value: unknown): unknown {
  return Array.isArray(value) ? (arrayLiteral(value) ?? value) : value;
}

const ESCAPED = /["\\]/;
const OTHER_ESCAPE = /\\[^"\\]/;

function arrayLiteral(values: readonly unknown[]): string | undefined {
  // Mostly one JSON text: for strings, finite numbers, booleans and nulls it quotes and escapes `"` and `\` as an
  // array literal does, and an unquoted `null` is NULL there. Built whole, it leaves a few strings to collect where
  // the loop below leaves three a value (a projection's batch sends some ten thousand values). A backslash before
  // anything but `"` or `\` is an escape the literal reads otherwise (a control character, a lone surrogate; or an
  // escaped backslash before a letter, which the loop writes the same): the loop decides.
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const value = values[i];
    plain = value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  }
  if (plain) {
    const json = JSON.stringify(values);
    if (!OTHER_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  }
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    const value = values[i];
    if (value === null || value === undefined) text += 'NULL';
    else if (typeof value === 'string') text += ESCAPED.test(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${value}"`;
    else if (typeof value === 'number' || typeof value === 'boolean') text += `"${value}"`;
    else return undefined;
  }
  return `${text}}`;
}

/** TypeORM's PostgresQueryRunner.query answers UPDATE and DELETE with their affected count beside the rows. */
function answerOf(raw: PgResult): unknown {
  return raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
}

const TRAILING_LIMIT = / LIMIT (\d+)$/;
/** The limits a named builder statement is written with (`namingRunner`): a page of 20 asks 21 rows, of 50 51. */
const LIMIT_STEPS = [1, 2, 11, 21, 51, 101, 201, 501, 1001];

/**
 * Runs `work` with a query runner of its own (released after it) whose every statement is named, for a TypeORM
 * query builder's reads (`qb.setQueryRunner(runner).getMany()`): a builder writes the same text for the same shape
 * of query — which filters are there, not their values —, so each shape is parsed and planned once per connection
 * instead of on every call (a lead list's plan cost PostgreSQL 0.27 ms against 0.07 to run it, docs/benchmarks.md).
 * Only for reads of few shapes (not a search's patterns, not an `IN` list of the call's length), and only where a
 * generic plan serves every value: each filter has an index that leads with it, so PostgreSQL may keep one plan.
 * A trailing `LIMIT` of the builder's is raised to one of a few steps (`namingRunner`).
 */
export async function withNamedStatements<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    return await work(runner.dataSource.options.type === 'postgres' ? namingRunner(runner) : runner);
  } finally {
    await runner.release();
  }
}

/**
 * The runner with `query` running each statement by name, answering as PostgresQueryRunner.query does. A query
 * builder writes its limit into the text (`LIMIT 21`), which would make a statement of every page size; it is
 * raised to the next of LIMIT_STEPS and the rows cut back to it, so that a few texts serve every size. (As a
 * parameter the limit would make PostgreSQL price a generic plan for a tenth of the table and plan every call.)
 */
function namingRunner(runner: QueryRunner): QueryRunner {
  const query = async (sql: string, values: unknown[] = [], structured = false): Promise<unknown> => {
    const limit = TRAILING_LIMIT.exec(sql);
    const asked = limit ? Number(limit[1]) : Infinity;
    const step = LIMIT_STEPS.find((size) => size >= asked);
    const text = limit && step !== undefined ? `${sql.slice(0, limit.index)} LIMIT ${step}` : sql;
    const raw = await runNamedRaw(runner, text, values);
    if (raw.rows.length > asked) Object.assign(raw, { rows: raw.rows.slice(0, asked), rowCount: asked });
    if (!structured) return answerOf(raw);
    const result = new QueryResult();
    result.records = raw.rows;
    result.affected = raw.rowCount ?? undefined;
    result.raw = answerOf(raw);
    return result;
  };
  return new Proxy(runner, { get: (target, key) => (key === 'query' ? query : Reflect.get(target, key, target)) });
}

/** A builder's statement as TypeORM writes it (its parameters still `:named`) and the columns its rows carry. */
interface CompiledRead {
  text: string;
  columns: RowColumns;
}

/** The statements of builder shapes read so far (null: a shape TypeORM reads itself); emptied past MAX_SHAPES. */
const compiledReads = new Map<string, CompiledRead | null>();
const MAX_SHAPES = 500;

/**
 * `qb.getMany()` of a builder of one entity and its conditions (no joins, no locks), run as `withNamedStatements`
 * runs it, without TypeORM writing the SQL again for every call or turning the rows into entities through its
 * general transformer (a fifth of a lead list's CPU, docs/benchmarks.md). The builder's statement is written once
 * per shape — its conditions, order and limit, not their values — and kept; each call fills in its parameters
 * (`escapeQueryWithParameters`, as `getQueryAndParameters` does) and makes the entities from the rows as TypeORM's
 * transformer does (the driver's hydration of each selected column). Another builder takes TypeORM's own path.
 */
export async function namedEntities<E extends ObjectLiteral>(dataSource: DataSource, qb: SelectQueryBuilder<E>): Promise<E[]> {
  const compiled = dataSource.options.type === 'postgres' ? compiledRead(qb) : null;
  if (!compiled) return withNamedStatements(dataSource, (runner) => qb.setQueryRunner(runner).getMany());
  const [text, values] = dataSource.driver.escapeQueryWithParameters(compiled.text, qb.getParameters());
  const rows = (await withNamedStatements(dataSource, (runner) => runner.query(text, values))) as Array<Record<string, unknown>>;
  const metadata = qb.expressionMap.mainAlias!.metadata;
  return rows.map((row) => entityOfRow<E>(dataSource, metadata, row, compiled.columns));
}

/** The builder's compiled statement, made at the first builder of its shape; null for a shape it does not serve. */
function compiledRead(qb: SelectQueryBuilder<ObjectLiteral>): CompiledRead | null {
  const map = qb.expressionMap;
  const alias = map.mainAlias;
  const plain =
    map.queryType === 'select' &&
    alias?.hasMetadata === true &&
    map.selects.length === 1 &&
    map.selects[0].selection === alias.name &&
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0 &&
    map.commonTableExpressions.length === 0 &&
    map.groupBys.length === 0 &&
    map.havings.length === 0 &&
    !map.selectDistinct &&
    map.selectDistinctOn.length === 0 &&
    map.lockMode === undefined &&
    !map.subQuery &&
    !map.cache &&
    alias.metadata.childEntityMetadatas.length === 0 &&
    !alias.metadata.discriminatorColumn &&
    alias.metadata.relationIds.length === 0 &&
    // What TypeORM's load would tell: `@AfterLoad` and the data source's subscribers.
    alias.metadata.afterLoadListeners.length === 0 &&
    qb.connection.subscribers.length === 0;
  if (!plain) return null;
  // Everything else a select of this kind writes from: its table, conditions, order, limits and comment.
  const shape = JSON.stringify([
    alias.metadata.tablePath,
    alias.name,
    map.wheres,
    map.orderBys,
    map.limit,
    map.offset,
    map.take,
    map.skip,
    map.withDeleted,
    map.comment,
    map.useIndex,
    map.maxExecutionTime,
    map.timeTravel,
    map.extraAppendedAndWhereCondition,
  ]);
  let compiled = compiledReads.get(shape);
  if (compiled === undefined) {
    compiled = compile(qb.getQuery(), alias.name, alias.metadata.columns);
    if (compiledReads.size >= MAX_SHAPES) compiledReads.clear();
    compiledReads.set(shape, compiled);
  }
  return compiled;
}

/**
 * The columns TypeORM's transformer reads from a row of the statement (`<alias>_<column>` for each column it
 * selects), or null when the statement does not select them all so: then TypeORM's own path reads it.
 */
function compile(text: string, alias: string, columns: readonly ColumnMetadata[]): CompiledRead | null {
  const read = columns.filter((column) => !column.isVirtual && column.isSelect).map((column) => [`${alias}_${column.databaseName}`, column] as const);
  return read.every(([key]) => text.includes(` AS "${key}"`)) ? { text, columns: read } : null;
}

/**
 * The records of an entity whose `property` is one of `values`, in `order`, as `find` with `In(values)` answers
 * them, read by one named statement. `= ANY($1)` keeps one text whatever the number of values, so it is parsed and
 * planned once per connection; TypeORM's `In` writes a parameter per value, a new text for every count, planned on
 * every call (five times its run for a deal's team or payments, docs/benchmarks.md).
 */
export async function findWhereAny<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  property: keyof E & string,
  values: readonly unknown[],
  order: Partial<Record<keyof E & string, 'ASC' | 'DESC'>>,
): Promise<E[]> {
  if (values.length === 0) return [];
  const metadata = manager.dataSource.getMetadata(entity);
  const column = (name: string): string => {
    const found = metadata.findColumnWithPropertyName(name);
    if (!found) throw new Error(`findWhereAny: ${metadata.name} has no column ${name}`);
    return found.databaseName;
  };
  const columns = metadata.columns.map((each) => each.databaseName).join(', ');
  const ordered = Object.entries(order).map(([name, direction]) => `${column(name)} ${direction}`);
  const text =
    `SELECT ${columns} FROM ${schemaOf(manager)}.${metadata.tableName} WHERE ${column(property)} = ANY($1)` +
    (ordered.length ? ` ORDER BY ${ordered.join(', ')}` : '');
  return hydratedRows(manager, entity, await queryNamed(manager, text, [values]));
}
