import type { DataSource } from 'typeorm';
import { queryNamed } from './named-query';

interface Asked {
  sql: string;
  params: readonly unknown[];
  named: boolean;
  resolve: (rows: unknown[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Read statements asked for during one turn of the event loop, sent to PostgreSQL as one: each becomes a subquery
 * whose rows come back as a JSON array (`json_agg`), its parameters renumbered after the ones before it. The same
 * statement with the same parameters asked twice in a turn is read once for both.
 *
 * A statement is a round trip: a write that wakes a backend, and an answer that wakes the service (ADR 0027). A
 * request that reads a dozen small sums at once (reporting's dashboard) pays that a dozen times for a few
 * microseconds of work each; folded, once. Folded statements run one after the other in one backend: fold the cheap
 * ones, and leave a heavy one to a connection of its own, where it runs beside the others.
 *
 * Only for statements whose columns JSON carries as node-postgres would parse them: integers (`int`, not `bigint`),
 * text, booleans, uuids, nulls. A timestamp would come back a string, not a `Date`, and a `bigint` a number that may
 * lose digits (cast it to text). No `$` in a statement but its parameters' (they are renumbered). A statement run
 * alone is answered exactly as `query` answers it.
 *
 * `named` (all of a turn's statements named): the folded statement is named too, planned once per connection. One
 * fold serves one unit of work (a request's reports): what it folds, and so its text, then stays the same from call
 * to call.
 */
export class StatementFold {
  private asked: Asked[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** The rows of `sql`, read with the other statements asked for in this turn. */
  query<T>(sql: string, params: readonly unknown[], named: boolean): Promise<T[]> {
    return new Promise<unknown[]>((resolve, reject) => {
      if (this.asked.length === 0) setImmediate(() => void this.send());
      this.asked.push({ sql, params, named, resolve, reject });
    }) as Promise<T[]>;
  }

  private async send(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    const distinct = new Map<string, Asked[]>();
    for (const statement of asked) {
      const key = `${statement.sql}\u0000${JSON.stringify(statement.params)}`;
      const same = distinct.get(key);
      if (same) same.push(statement);
      else distinct.set(key, [statement]);
    }
    const groups = [...distinct.values()];
    try {
      const [alone] = groups.length === 1 ? groups[0] : [];
      const answers = alone ? [await this.run(alone.sql, alone.params, alone.named)] : await this.runFolded(groups.map(([first]) => first));
      // Each caller its own array, which it may sort.
      groups.forEach((group, index) => group.forEach(({ resolve }, nth) => resolve(nth === 0 ? answers[index] : [...answers[index]])));
    } catch (error) {
      for (const { reject } of asked) reject(error);
    }
  }

  private run(sql: string, params: readonly unknown[], named: boolean): Promise<unknown[]> {
    return named ? queryNamed(this.dataSource, sql, [...params]) : this.dataSource.query(sql, [...params]);
  }

  private async runFolded(statements: Asked[]): Promise<unknown[][]> {
    const params: unknown[] = [];
    const columns = statements.map((statement, index) => {
      const offset = params.length;
      params.push(...statement.params);
      const sql = statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      return `(SELECT coalesce(json_agg(folded), '[]') FROM (${sql}) AS folded) AS s${index}`;
    });
    const [row] = (await this.run(`SELECT ${columns.join(', ')}`, params, statements.every((s) => s.named))) as Array<Record<string, unknown[]>>;
    return statements.map((_, index) => row[`s${index}`]);
  }
}
