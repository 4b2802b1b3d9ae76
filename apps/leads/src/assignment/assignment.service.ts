import { Injectable } from '@nestjs/common';
import type {
  ActorV1,
  AssignmentStrategy,
  LeadAssignmentRuleInputV1,
  LeadAssignmentRuleViewV1,
} from '@saleswire/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox, UserDirectory } from '@saleswire/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_STATUSES_SQL } from '../lead/lead-status.policy';
import { memberReferences } from './assignment-members.policy';
import { pickAssignee, type Pick, type RuleMember } from './assignment.strategies';
import { queryNamed, tableOf } from '@saleswire/database';

interface RuleRow {
  strategy: AssignmentStrategy;
  members: RuleMember[];
  version: number;
  updated_at: Date | null;
}

/** The rule's decisions for a batch of leads. */
export interface RulePicks {
  strategy: AssignmentStrategy;
  ruleVersion: number;
  picks: Array<Pick | null>;
}

/**
 * The active assignment rule. Each decision draws its turn from a database sequence, which hands every number
 * out once however many transactions and replicas ask at the same time and is never held until commit: round
 * robin and weighted stay exact without serialising lead creation. Least loaded must count open leads, so it
 * alone takes a transaction-scoped advisory lock, and concurrent creations under it take turns.
 */
@Injectable()
export class AssignmentService {
  private readonly table: string;
  private readonly turns: string;
  private readonly leads: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly directory: UserDirectory,
  ) {
    this.table = tableOf(dataSource, 'assignment_rule');
    this.turns = tableOf(dataSource, 'assignment_turn');
    this.leads = tableOf(dataSource, 'lead');
  }

  async get(): Promise<LeadAssignmentRuleViewV1> {
    const [row] = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE id = 1`)) as RuleRow[];
    return toView(row);
  }

  /**
   * Replaces the rule; a new strategy or member list starts its turns afresh, with the first member. A PUT sets
   * the same rule when sent again, but counts a version and restarts the turns each time: with an idempotency key,
   * a retry answers the first reply and does neither (ADR 0010). Members must be users of the directory, and
   * those marked active active users (422 naming each; assignment-members.policy), checked before the
   * transaction: the check may wait for a user created a moment ago.
   */
  async put(input: LeadAssignmentRuleInputV1, actor: ActorV1): Promise<LeadAssignmentRuleViewV1> {
    const members = input.members.map((m) => ({ userId: m.userId, weight: m.weight, active: m.active }));
    return this.outbox.command(
      () => this.directory.assertActive(memberReferences(input.members)),
      async ({ manager }) => {
        const rows: unknown = await manager.query(
          `UPDATE ${this.table}
              SET strategy = $1, members = $2::jsonb, version = version + 1, updated_by = $3, updated_at = now()
            WHERE id = 1
            RETURNING *`,
          [input.strategy, JSON.stringify(members), actor.id],
        );
        await manager.query(`SELECT setval('${this.turns}', 1, false)`);
        return toView((rows as [RuleRow[], number])[0][0]);
      },
    );
  }

  /**
   * Picks an assignee for each of `count` leads with the rule's strategy, in the transaction of `manager`.
   * Within a batch, each pick counts towards the least-loaded loads of the next.
   */
  async pick(manager: EntityManager, count: number): Promise<RulePicks> {
    // The rule and the turns in one statement (a turn drawn for a rule without active members, or for least
    // loaded, which does not use it, is a harmless gap: a new rule starts its turns afresh).
    // Named (prepared once per connection): it runs with every lead created. `(SELECT $1)` hides the count from
    // the planner, so that the generic plan looks as cheap as a custom one and PostgreSQL keeps it.
    const [row] = await queryNamed<Array<RuleRow & { turns: string[] }>>(
      manager,
      `SELECT strategy, members, version, array(SELECT nextval('${this.turns}') - 1 FROM generate_series(1, (SELECT $1::int))) AS turns
         FROM ${this.table} WHERE id = 1`,
      [count],
    );
    // A member the gateway has deactivated since the rule was set gets no more leads (ADR 0016), as if marked
    // inactive in the rule; the rule itself keeps them, so reactivating the user brings their turns back.
    const deactivated = await this.directory.deactivatedAmong(row.members.map((member) => member.userId), manager);
    if (deactivated.size > 0) row.members = row.members.map((member) => (deactivated.has(member.userId) ? { ...member, active: false } : member));
    if (!row.members.some((member) => member.active)) {
      return { strategy: row.strategy, ruleVersion: row.version, picks: Array.from({ length: count }, () => null) };
    }
    let loads: Record<string, number> = {};
    if (row.strategy === 'least_loaded') {
      await queryNamed(manager, 'SELECT pg_advisory_xact_lock(hashtext($1))', [this.table]);
      loads = await this.openLeads(manager, row.members);
    }
    const picks = row.turns.map((turn) => {
      const pick = pickAssignee(row.strategy, row.members, { turn: Number(turn) }, loads);
      if (pick) loads[pick.userId] = (loads[pick.userId] ?? 0) + 1;
      return pick;
    });
    return { strategy: row.strategy, ruleVersion: row.version, picks };
  }

  private async openLeads(manager: EntityManager, members: RuleMember[]): Promise<Record<string, number>> {
    const ids = members.filter((m) => m.active).map((m) => m.userId);
    if (ids.length === 0) return {};
    const rows = await queryNamed<Array<{ assignee_id: string; n: number }>>(
      manager,
      `SELECT assignee_id, count(*)::int AS n FROM ${this.leads}
        WHERE assignee_id = ANY((SELECT $1::uuid[])::uuid[]) AND status = ANY(${OPEN_STATUSES_SQL})
        GROUP BY assignee_id`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.assignee_id, r.n]));
  }
}

function toView(row: RuleRow): LeadAssignmentRuleViewV1 {
  return {
    strategy: row.strategy,
    members: row.members,
    version: row.version,
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}
