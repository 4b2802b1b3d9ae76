import { Injectable } from '@nestjs/common';
import type {
  ActorV1,
  AssignmentStrategy,
  LeadAssignmentRuleInputV1,
  LeadAssignmentRuleViewV1,
} from '@saleswire/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../lead/lead-status.policy';
import { pickAssignee, type Pick, type RuleMember, type StrategyState } from './assignment.strategies';

interface RuleRow {
  strategy: AssignmentStrategy;
  members: RuleMember[];
  version: number;
  turn: string;
  weighted_state: Record<string, number>;
  updated_at: Date | null;
}

/** The rule's decisions for a batch of leads, taken under the rule's row lock. */
export interface RulePicks {
  strategy: AssignmentStrategy;
  ruleVersion: number;
  picks: Array<Pick | null>;
}

/**
 * The active assignment rule. Deciding locks its one row until the caller's transaction ends, so that
 * concurrent lead creations take turns one after another: round robin stays exact and least-loaded counts
 * include the leads just assigned.
 */
@Injectable()
export class AssignmentService {
  private readonly table: string;
  private readonly leads: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const schema = (dataSource.options as { schema: string }).schema;
    this.table = `"${schema}".assignment_rule`;
    this.leads = `"${schema}".lead`;
  }

  async get(): Promise<LeadAssignmentRuleViewV1> {
    const [row] = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE id = 1`)) as RuleRow[];
    return toView(row);
  }

  /** Replaces the rule; a new strategy or member list starts its turns afresh. */
  async put(input: LeadAssignmentRuleInputV1, actor: ActorV1): Promise<LeadAssignmentRuleViewV1> {
    const members = input.members.map((m) => ({ userId: m.userId, weight: m.weight, active: m.active }));
    const rows: unknown = await this.dataSource.query(
      `UPDATE ${this.table}
          SET strategy = $1, members = $2::jsonb, version = version + 1, turn = 0, weighted_state = '{}'::jsonb,
              updated_by = $3, updated_at = now()
        WHERE id = 1
        RETURNING *`,
      [input.strategy, JSON.stringify(members), actor.id],
    );
    return toView((rows as [RuleRow[], number])[0][0]);
  }

  /**
   * Picks an assignee for each of `count` leads with the rule's strategy, holding the rule's lock until the
   * transaction of `manager` ends. Within a batch, each pick counts towards the least-loaded loads of the next.
   */
  async pick(manager: EntityManager, count: number): Promise<RulePicks> {
    const [row] = (await manager.query(`SELECT * FROM ${this.table} WHERE id = 1 FOR UPDATE`)) as RuleRow[];
    let state: StrategyState = { turn: Number(row.turn), credits: row.weighted_state ?? {} };
    const loads = row.strategy === 'least_loaded' ? await this.openLeads(manager, row.members) : {};
    const picks: Array<Pick | null> = [];
    for (let i = 0; i < count; i++) {
      const pick = pickAssignee(row.strategy, row.members, state, loads);
      picks.push(pick);
      if (!pick) continue;
      state = pick.state;
      loads[pick.userId] = (loads[pick.userId] ?? 0) + 1;
    }
    if (picks.some((pick) => pick !== null)) {
      await manager.query(`UPDATE ${this.table} SET turn = $1, weighted_state = $2::jsonb WHERE id = 1`, [state.turn, JSON.stringify(state.credits)]);
    }
    return { strategy: row.strategy, ruleVersion: row.version, picks };
  }

  private async openLeads(manager: EntityManager, members: RuleMember[]): Promise<Record<string, number>> {
    const ids = members.filter((m) => m.active).map((m) => m.userId);
    if (ids.length === 0) return {};
    const rows: Array<{ assignee_id: string; n: number }> = await manager.query(
      `SELECT assignee_id, count(*)::int AS n FROM ${this.leads}
        WHERE assignee_id = ANY($1::uuid[]) AND status = ANY($2::text[])
        GROUP BY assignee_id`,
      [ids, OPEN_STATUSES],
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
