import type { ReportFilterV1 } from '@saleswire/contracts';
import type { Dimension } from '../deal-fact/deal-aggregates';

/** The filters of a report as SQL over one fact table, with the parameters they take. */
export class Conditions {
  readonly parts: string[] = [];

  /** `params`: shared by several queries of one statement (the parts of a `UNION ALL`), numbered in one sequence. */
  constructor(readonly params: unknown[] = []) {}

  add(sql: (placeholder: string) => string, value: unknown): this {
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
    return this;
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** The filters on a deal's attributes: the filter's field and the column every deal table names it by. */
const FILTERED: ReadonlyArray<readonly [keyof ReportFilterV1, Dimension]> = [
  ['ownerId', 'owner_id'],
  ['partnerId', 'partner_id'],
  ['channel', 'channel'],
  ['direction', 'direction'],
  ['pipelineId', 'pipeline_id'],
  ['source', 'source'],
  ['isRepeat', 'is_repeat'],
];

/** Every column a report may filter the deals on: the cycle indexes hold them all (migration 1767400000000). */
export const FILTER_COLUMNS: readonly Dimension[] = FILTERED.map(([, column]) => column);

/** The filter's restrictions on a deal's attributes, as columns and values (`isRepeat: false` restricts too). */
export function restrictions(filter: ReportFilterV1): Array<[Dimension, unknown]> {
  return FILTERED.filter(([field]) => (field === 'isRepeat' ? filter.isRepeat !== undefined : Boolean(filter[field]))).map(([field, column]): [Dimension, unknown] => [column, filter[field]]);
}

/** The filters on a deal's attributes, on the columns every deal table shares (facts, history, aggregates). */
export function dimensions(where: Conditions, filter: ReportFilterV1, alias: string): Conditions {
  for (const [column, value] of restrictions(filter)) where.add((p) => `${alias}${column} = ${p}`, value);
  return where;
}
