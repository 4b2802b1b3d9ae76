import { Injectable } from '@nestjs/common';
import type { ActorV1 } from '@saleswire/contracts';
import { findWhereAny, tableOf } from '@saleswire/database';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { reachCondition, reaches } from '../common/partner-access.policy';
import { RATE_TRANSFORMER } from '../common/rate.transformer';
import { PartnerEntity } from './partner.entity';
import { PartnerNotFoundError } from './partner.errors';
import type { NewPartnerFields } from './partner.factory';

/** The partner's row and its rate log: read in the caller's scope, locked for a change, inserted and written back. */
@Injectable()
export class PartnerStore {
  /** The partners the actor may see, as a query to narrow further (alias `p`). */
  scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<PartnerEntity> {
    const qb = manager.getRepository(PartnerEntity).createQueryBuilder('p');
    const reach = reachCondition(actor, 'p.id');
    if (reach) qb.where(reach.sql, reach.params);
    return qb;
  }

  /** The partner if the actor may see it; otherwise a 404, the same as for a partner that does not exist. */
  async findVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<PartnerEntity> {
    const partner = await this.visible(manager, id, actor);
    if (!partner) throw new PartnerNotFoundError(id);
    return partner;
  }

  /** The same, answering null for a partner that does not exist or that the actor may not see. */
  visible(manager: EntityManager, id: string, actor: ActorV1): Promise<PartnerEntity | null> {
    return this.scoped(manager, actor).andWhere('p.id = :id', { id }).getOne();
  }

  /**
   * The partners of these requests, each if its actor may see it, otherwise null (as `visible` answers): one
   * look-up for all of them, e.g. a group of submissions.
   */
  async visibleMany(manager: EntityManager, requests: ReadonlyArray<{ id: string; actor: ActorV1 }>): Promise<Array<PartnerEntity | null>> {
    const ids = [...new Set(requests.map(({ id }) => id.toLowerCase()))];
    const byId = new Map((await findWhereAny(manager, PartnerEntity, 'id', ids, { id: 'ASC' })).map((partner) => [partner.id, partner]));
    return requests.map(({ id, actor }) => (reaches(actor, id.toLowerCase()) ? (byId.get(id.toLowerCase()) ?? null) : null));
  }

  /** The same, locked for change until the transaction ends. */
  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<PartnerEntity> {
    const partner = await this.scoped(manager, actor).andWhere('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!partner) throw new PartnerNotFoundError(id);
    return partner;
  }

  find(manager: EntityManager, id: string): Promise<PartnerEntity | null> {
    return manager.findOneBy(PartnerEntity, { id });
  }

  /** Inserts a partner known to be new; answers it with what the database filled in (version, timestamps). */
  async insert(manager: EntityManager, fields: NewPartnerFields): Promise<PartnerEntity> {
    const record = manager.create(PartnerEntity, fields);
    // insert() reads back what the database fills in (version, timestamps) into the record, with RETURNING.
    await manager.insert(PartnerEntity, record);
    return record;
  }

  /** Writes the partner's columns back; every write moves its version by one (and `updated_at`). */
  async save(manager: EntityManager, partner: PartnerEntity): Promise<PartnerEntity> {
    const { id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = partner;
    await manager.update(PartnerEntity, { id }, changes);
    return manager.findOneByOrFail(PartnerEntity, { id });
  }

  /** Records the rate in force from `from` on: commissions take the rate of the moment their deal was won. */
  async recordRate(manager: EntityManager, partnerId: string, rate: number, from: Date): Promise<void> {
    await manager.query(
      `INSERT INTO ${tableOf(manager, 'partner_rate')} (partner_id, effective_from, rate) VALUES ($1, $2, $3)
       ON CONFLICT (partner_id, effective_from) DO UPDATE SET rate = excluded.rate`,
      [partnerId, from, RATE_TRANSFORMER.to(rate)],
    );
  }

  /** The partner's rate at `at`; for a moment before its first rate (clocks of two services), its first rate. */
  async rateAt(manager: EntityManager, partnerId: string, at: Date): Promise<number | null> {
    const table = tableOf(manager, 'partner_rate');
    const [row]: Array<{ rate: string | null }> = await manager.query(
      `SELECT COALESCE(
         (SELECT rate FROM ${table} WHERE partner_id = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1),
         (SELECT rate FROM ${table} WHERE partner_id = $1 ORDER BY effective_from ASC LIMIT 1)) AS rate`,
      [partnerId, at],
    );
    return RATE_TRANSFORMER.from(row?.rate ?? null);
  }
}
