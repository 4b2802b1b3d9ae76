import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope, FieldError, UserFactsV1 } from '@saleswire/contracts';
import { queryNamed, tableOf } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import { sleep } from '../concurrency';
import { DomainRuleError } from '../problem.error';

/** USER_DIRECTORY_WAIT_MS: how long a check waits for an id it has not heard of to arrive (ADR 0016). */
export interface UserDirectorySettings {
  waitMs: number;
}

export const USER_DIRECTORY_SETTINGS = Symbol('USER_DIRECTORY_SETTINGS');

/** USER_DIRECTORY_WAIT_MS, 1000 by default: below the gateway's RPC_TIMEOUT_MS, above the directory's usual lag. */
export function userDirectorySettingsFromEnv(env: NodeJS.ProcessEnv): UserDirectorySettings {
  const value = Number(env.USER_DIRECTORY_WAIT_MS);
  return { waitMs: env.USER_DIRECTORY_WAIT_MS !== undefined && Number.isInteger(value) && value >= 0 ? value : 1000 };
}

/** A user id a request names, with the field that named it, for the 422's `errors`. */
export interface UserReference {
  field: string;
  userId: string;
  /** A deactivated user is accepted here (an assignment rule's member marked inactive); an unknown id is not. */
  mayBeDeactivated?: boolean;
}

type Status = 'active' | 'inactive' | 'unknown';

const MESSAGES: Record<Exclude<Status, 'active'>, string> = {
  inactive: 'is a deactivated user',
  unknown: 'is not a user of the directory',
};

function accepted(status: Status | undefined, reference: UserReference): boolean {
  return status === 'active' || (status === 'inactive' && reference.mayBeDeactivated === true);
}

/**
 * The service's copy of the user directory: kept from the gateway's events, asked whether the users a request
 * names (an assignee, an owner, deal team members) are active. An id not heard of yet is waited for a moment,
 * so that a user created just before is not refused while its event is on the way.
 */
@Injectable()
export class UserDirectory {
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(USER_DIRECTORY_SETTINGS) private readonly settings: UserDirectorySettings,
  ) {
    this.table = tableOf(dataSource, 'user_directory');
  }

  /** Stores the user as the event has it, unless a newer version is stored already (any order of delivery). */
  async record(event: EventEnvelope<UserFactsV1>, manager: EntityManager): Promise<void> {
    const user = event.payload;
    await manager.query(
      `INSERT INTO ${this.table} AS d (user_id, version, name, email, role, partner_id, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (user_id) DO UPDATE
         SET version = EXCLUDED.version, name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role,
             partner_id = EXCLUDED.partner_id, active = EXCLUDED.active, updated_at = now()
       WHERE d.version < EXCLUDED.version`,
      [user.userId, event.aggregateVersion, user.name, user.email, user.role, user.partnerId ?? null, user.active],
    );
  }

  /**
   * 422 (DomainRuleError) naming every field whose user is not an active user of the directory (or, for a
   * reference that says it may be, not a user at all).
   */
  async assertActive(references: readonly UserReference[]): Promise<void> {
    const wanted = references.filter((reference) => reference.userId);
    if (wanted.length === 0) return;
    const ids = [...new Set(wanted.map((reference) => reference.userId))];
    let statuses = await this.statuses(ids);
    const deadline = Date.now() + this.settings.waitMs;
    for (let pause = 25; [...statuses.values()].includes('unknown') && Date.now() < deadline; pause = Math.min(pause * 2, 200)) {
      await sleep(Math.min(pause, Math.max(deadline - Date.now(), 0)));
      statuses = await this.statuses(ids);
    }
    const errors: FieldError[] = wanted
      .filter((reference) => !accepted(statuses.get(reference.userId), reference))
      .map((reference) => ({ field: reference.field, message: MESSAGES[statuses.get(reference.userId) as Exclude<Status, 'active'>] }));
    if (errors.length > 0) {
      throw new DomainRuleError('Assignees, owners and deal team members must be active users.', errors, 'inactive-user');
    }
  }

  /**
   * Why each of these ids is no active user, for those that are not (`is a deactivated user`, `is not a user of
   * the directory`), as the directory stands now, without waiting: for work that is not answering a request
   * (an import's rows).
   */
  async notActiveAmong(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const statuses = await this.statuses(unique, manager);
    const refused = new Map<string, string>();
    for (const [id, status] of statuses) if (status !== 'active') refused.set(id, MESSAGES[status]);
    return refused;
  }

  /** Which of these ids the directory knows as deactivated users (an id not heard of is not among them). */
  async deactivatedAmong(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryNamed<Array<{ user_id: string }>>(
      manager,
      `SELECT user_id FROM ${this.table} WHERE user_id = ANY((SELECT $1::uuid[])::uuid[]) AND NOT active`,
      [[...new Set(ids)]],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  private async statuses(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Status>> {
    const rows = await queryNamed<Array<{ user_id: string; active: boolean }>>(
      manager,
      `SELECT user_id, active FROM ${this.table} WHERE user_id = ANY((SELECT $1::uuid[])::uuid[])`,
      [ids],
    );
    const statuses = new Map<string, Status>(ids.map((id) => [id, 'unknown']));
    for (const row of rows) statuses.set(row.user_id, row.active ? 'active' : 'inactive');
    return statuses;
  }
}
