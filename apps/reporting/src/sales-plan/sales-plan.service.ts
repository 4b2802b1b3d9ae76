import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActorV1, PutSalesPlanRequestV1, SalesPlansQueryV1, SalesPlansV1, SalesPlanViewV1 } from '@saleswire/contracts';
import { queryNamed, type StatementFold, tableOf } from '@saleswire/database';
import { ForbiddenError, Outbox } from '@saleswire/messaging';
import type { DataSource } from 'typeorm';
import { MoneyTotals } from '../report/report.model';

/** The key of the department's plan beside the managers' user ids. */
export const DEPARTMENT = 'department';

const SETS_PLANS: ReadonlyArray<ActorV1['role']> = ['admin', 'head_of_sales'];

interface PlanRow {
  month: string;
  owner_key: string;
  version: number;
  amount: string;
  currency: string;
  set_at: Date;
}

/**
 * Sales plans, which reporting owns: one current row per month and manager (or the department) and every
 * version kept, so that a report as of a past date measures against the plan of then.
 */
@Injectable()
export class SalesPlanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Sets a month's plan (a command, ADR 0010: the version and the request key commit together). */
  async put(request: PutSalesPlanRequestV1): Promise<SalesPlanViewV1> {
    if (!SETS_PLANS.includes(request.actor.role)) throw new ForbiddenError('Only heads of sales and admins set sales plans.');
    const owner = request.userId ?? DEPARTMENT;
    const { amount, currency } = request.input;
    return this.outbox.command(async ({ manager }) => {
      // The current row is the lock that numbers versions: two writers of one plan take turns.
      const [row]: PlanRow[] = await manager.query(
        `INSERT INTO ${this.table('sales_plan')} AS held (month, owner_key, version, amount, currency, set_at, set_by)
         VALUES ($1, $2, 1, $3, $4, now(), $5)
         ON CONFLICT (month, owner_key) DO UPDATE SET version = held.version + 1, amount = EXCLUDED.amount,
           currency = EXCLUDED.currency, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by
         RETURNING month, owner_key, version, amount, currency, set_at`,
        [request.month, owner, amount, currency, request.actor.id],
      );
      await manager.query(
        `INSERT INTO ${this.table('sales_plan_version')} (month, owner_key, version, amount, currency, set_at, set_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.month, row.owner_key, row.version, row.amount, row.currency, row.set_at, request.actor.id],
      );
      return toView(row);
    });
  }

  /** The plans as they stood at `at`: a manager sees their own and the department's. */
  async list(actor: ActorV1, query: SalesPlansQueryV1, at: Date): Promise<SalesPlansV1> {
    if (!['admin', 'head_of_sales', 'manager'].includes(actor.role)) throw new ForbiddenError('Sales plans are for heads of sales and managers.');
    const owners = actor.role === 'manager' ? [actor.id, DEPARTMENT] : null;
    const rows = await this.asOf(at, query.month ? [query.month] : null, owners);
    const newest = rows.reduce<number | null>((max, row) => Math.max(max ?? 0, row.set_at.getTime()), null);
    return { items: rows.map(toView), dataAsOf: newest === null ? null : new Date(newest).toISOString() };
  }

  /**
   * The plans of these months as of `at`, summed per manager (department: key `null`) and currency; read with the
   * report's other first reads (`fold`), the amount as text, which JSON carries unrounded.
   */
  async totals(months: string[], at: Date, fold: StatementFold): Promise<Map<string | null, MoneyTotals>> {
    const totals = new Map<string | null, MoneyTotals>();
    const rows = await fold.query<Pick<PlanRow, 'owner_key' | 'amount' | 'currency'>>(this.asOfSql('owner_key, amount::text AS amount, currency'), [at, months, null], true);
    for (const row of rows) {
      const key = row.owner_key === DEPARTMENT ? null : row.owner_key;
      totals.set(key, (totals.get(key) ?? new MoneyTotals()).add(row.currency, Number(row.amount)));
    }
    return totals;
  }

  /** Named: a report asks it on every call, and a plan of a table this small is the same whatever the values. */
  private asOf(at: Date, months: string[] | null, owners: string[] | null): Promise<PlanRow[]> {
    return queryNamed<PlanRow[]>(this.dataSource, this.asOfSql('month, owner_key, version, amount, currency, set_at'), [at, months, owners]);
  }

  /** `columns` of the plans as they stood at $1: each month's and owner's newest version by then, of the months $2 and owners $3 (null: all). */
  private asOfSql(columns: string): string {
    return `SELECT DISTINCT ON (month, owner_key) ${columns}
         FROM ${this.table('sales_plan_version')}
        WHERE set_at <= $1 AND ($2::text[] IS NULL OR month = ANY($2)) AND ($3::text[] IS NULL OR owner_key = ANY($3))
        ORDER BY month, owner_key, version DESC`;
  }

  private table(name: string): string {
    return tableOf(this.dataSource, name);
  }
}

function toView(row: PlanRow): SalesPlanViewV1 {
  return {
    month: row.month,
    userId: row.owner_key === DEPARTMENT ? null : row.owner_key,
    amount: Number(row.amount),
    currency: row.currency,
    version: row.version,
    updatedAt: new Date(row.set_at).toISOString(),
  };
}
