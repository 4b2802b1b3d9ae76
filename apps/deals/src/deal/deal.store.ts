import { Injectable } from '@nestjs/common';
import type { ActorV1, DealTeamMemberV1 } from '@saleswire/contracts';
import { findWhereAny, hydratedRows, insertReturning, MONEY_TRANSFORMER, queryNamed, schemaOf, tableOf } from '@saleswire/database';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { dealScope, scopeKey, visibleByScope } from '../common/record-scope';
import { DealEntity, DealTeamMemberEntity } from './deal.entity';
import { DealNotFoundError } from './deal.errors';
import { newTeamMembers, type NewDealFields } from './deal.factory';

/** The deal's rows and its team's: read in the caller's scope, locked for a change, inserted and written back. */
@Injectable()
export class DealStore {
  /** The deals the actor may see, as a query to narrow further (alias `d`). */
  scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<DealEntity> {
    const qb = manager.getRepository(DealEntity).createQueryBuilder('d');
    const scope = dealScope(actor, 'd', schemaOf(manager));
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  /** The deal locked for change until the transaction ends, if it exists and the actor may see it; otherwise a 404. */
  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<DealEntity> {
    const deal = await this.findLockedVisible(manager, id, actor);
    if (!deal) throw new DealNotFoundError(id);
    return deal;
  }

  /** The same, answering null for a deal that does not exist or lies outside the actor's scope. */
  findLockedVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<DealEntity | null> {
    return this.scoped(manager, actor).andWhere('d.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /**
   * The deals of these requests, locked for change until the transaction ends, each as its actor may see it (null
   * when it does not exist or lies outside that actor's scope); a deal asked for twice is one object. One statement
   * per actor's scope, each locking in the order of the ids; with more than one scope every deal is locked first,
   * in one order (`lockAll`), so that two groups never wait on each other in a cycle.
   */
  async lockVisibleMany(manager: EntityManager, requests: ReadonlyArray<{ id: string; actor: ActorV1 }>): Promise<Array<DealEntity | null>> {
    // Ids as PostgreSQL prints uuids, whatever case they were asked in.
    const wanted = requests.map(({ id, actor }) => ({ id: id.toLowerCase(), actor }));
    if (new Set(requests.map(({ actor }) => scopeKey(actor))).size > 1) await this.lockAll(manager, wanted.map(({ id }) => id));
    const deals = new Map<string, DealEntity>();
    const seen = await visibleByScope(wanted, async (actor, ids) => {
      const found = await this.scoped(manager, actor).andWhere('d.id = ANY(:ids)', { ids }).orderBy('d.id').setLock('pessimistic_write').getMany();
      for (const deal of found) if (!deals.has(deal.id)) deals.set(deal.id, deal);
      return new Set(found.map((deal) => deal.id));
    });
    return wanted.map(({ id }, i) => (seen[i] ? deals.get(id)! : null));
  }

  /**
   * Locks these deals for change until the transaction ends, in the order of their ids, whoever may see them: a
   * group of commands locks its deals before changing any, so that two groups never wait on each other in a cycle.
   */
  async lockAll(manager: EntityManager, ids: readonly string[]): Promise<void> {
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return;
    await manager.query(`SELECT id FROM ${tableOf(manager, 'deal')} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [sorted]);
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(DealEntity, { id });
  }

  hasWonDeal(manager: EntityManager, customerId: string): Promise<boolean> {
    return manager.exists(DealEntity, { where: { customerId, status: 'won' } });
  }

  /** Those of these customers that have a won deal, in one look-up. */
  async withWonDeals(manager: EntityManager, customerIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) return new Set();
    const rows: Array<{ customer_id: string }> = await manager.query(
      `SELECT DISTINCT customer_id FROM ${tableOf(manager, 'deal')} WHERE customer_id = ANY($1::uuid[]) AND status = 'won'`,
      [ids],
    );
    return new Set(rows.map((row) => row.customer_id));
  }

  /**
   * Inserts deals known to be new with one statement and answers them, in the order given, as stored: with what the
   * database filled in (version, timestamps, the customer's name a trigger sets), from the insert's own rows.
   */
  async insertMany(manager: EntityManager, fields: readonly NewDealFields[]): Promise<DealEntity[]> {
    if (fields.length === 0) return [];
    const inserted = await insertReturning(manager, DealEntity, fields.map((f) => manager.create(DealEntity, f)));
    const byId = new Map(inserted.map((deal) => [deal.id, deal]));
    return fields.map((f) => byId.get(f.id)!);
  }

  /** Writes the deal's columns back; every write moves its version by one (and `updated_at`). */
  async save(manager: EntityManager, deal: DealEntity): Promise<DealEntity> {
    const { id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = deal;
    // The row as the update left it (its version, `updated_at`, the customer name a trigger keeps), without reading it again.
    const { raw } = await manager.createQueryBuilder().update(DealEntity).set(changes).where('id = :id', { id }).returning('*').execute();
    const [saved] = hydratedRows(manager, DealEntity, raw);
    if (!saved) throw new DealNotFoundError(id);
    return saved;
  }

  /**
   * Sets what these deals are paid with one statement (group commit of payments): each deal's new total, its version
   * moved once for each payment (`writes`) as `save` moves it once a write. Answers the deals as stored, by id.
   */
  async setPaid(manager: EntityManager, totals: ReadonlyArray<{ id: string; paidAmount: number; writes: number }>): Promise<Map<string, DealEntity>> {
    if (totals.length === 0) return new Map();
    const [rows] = await queryNamed<[unknown[], number]>(
      manager,
      `UPDATE ${tableOf(manager, 'deal')} d SET paid_amount = t.paid_amount, version = d.version + t.writes, updated_at = CURRENT_TIMESTAMP
       FROM unnest($1::uuid[], $2::numeric[], $3::int[]) AS t(id, paid_amount, writes) WHERE d.id = t.id RETURNING d.*`,
      [totals.map(({ id }) => id), totals.map(({ paidAmount }) => MONEY_TRANSFORMER.to(paidAmount)), totals.map(({ writes }) => writes)],
    );
    return new Map(hydratedRows(manager, DealEntity, rows).map((deal) => [deal.id, deal]));
  }

  /** The teams of these deals, each in the order it was given. */
  async teamOf(manager: EntityManager, dealIds: string[]): Promise<DealTeamMemberEntity[]> {
    if (dealIds.length === 0) return [];
    return findWhereAny(manager, DealTeamMemberEntity, 'dealId', dealIds, { id: 'ASC' });
  }

  /** The teams of deals known to be new (they have none yet), inserted with one statement; answered in the order given. */
  async addTeams(manager: EntityManager, teams: ReadonlyArray<{ dealId: string; team: readonly DealTeamMemberV1[] }>): Promise<DealTeamMemberEntity[][]> {
    const members = teams.map(({ dealId, team }) => newTeamMembers(dealId, team));
    const rows = members.flat();
    if (rows.length) await manager.insert(DealTeamMemberEntity, rows);
    return members;
  }

  /** Makes the deal's team the one given. */
  async replaceTeam(manager: EntityManager, dealId: string, team: readonly DealTeamMemberV1[]): Promise<DealTeamMemberEntity[]> {
    await manager.delete(DealTeamMemberEntity, { dealId });
    const members = newTeamMembers(dealId, team);
    if (members.length) await manager.insert(DealTeamMemberEntity, members);
    return members;
  }
}
