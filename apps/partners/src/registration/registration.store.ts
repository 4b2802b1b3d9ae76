import { Injectable } from '@nestjs/common';
import type { ActorV1 } from '@saleswire/contracts';
import { insertReturning } from '@saleswire/database';
import { LessThanOrEqual, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { reachCondition } from '../common/partner-access.policy';
import { DealRegistrationEntity } from './deal-registration.entity';
import { RegistrationNotFoundError } from './registration.errors';
import type { NewRegistrationFields } from './registration.factory';

/** The registration's row: read in the caller's scope, locked for a change, inserted and written back. */
@Injectable()
export class RegistrationStore {
  /** The registrations the actor may see, as a query to narrow further (alias `r`). */
  scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<DealRegistrationEntity> {
    const qb = manager.getRepository(DealRegistrationEntity).createQueryBuilder('r');
    const reach = reachCondition(actor, 'r.partner_id');
    if (reach) qb.where(reach.sql, reach.params);
    return qb;
  }

  async findVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<DealRegistrationEntity> {
    const registration = await this.scoped(manager, actor).andWhere('r.id = :id', { id }).getOne();
    if (!registration) throw new RegistrationNotFoundError(id);
    return registration;
  }

  /** The registration locked for change until the transaction ends, if the actor may see it; otherwise a 404. */
  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<DealRegistrationEntity> {
    const registration = await this.scoped(manager, actor).andWhere('r.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!registration) throw new RegistrationNotFoundError(id);
    return registration;
  }

  /** The registration whose approval opened this deal, locked; null for a deal no registration opened. */
  lockByDeal(manager: EntityManager, dealId: string): Promise<DealRegistrationEntity | null> {
    return manager.getRepository(DealRegistrationEntity).createQueryBuilder('r').where('r.deal_id = :dealId', { dealId }).setLock('pessimistic_write').getOne();
  }

  /** The registration whose approval opened this deal, unlocked. */
  findByDeal(manager: EntityManager, dealId: string): Promise<DealRegistrationEntity | null> {
    return manager.findOneBy(DealRegistrationEntity, { dealId });
  }

  /**
   * Up to `limit` approved registrations whose protection ended by `now`, locked for this transaction. Rows another
   * replica holds are skipped rather than waited for: each is expired by whichever replica claimed it, once.
   */
  claimEnded(manager: EntityManager, now: Date, limit: number): Promise<DealRegistrationEntity[]> {
    return manager.getRepository(DealRegistrationEntity).find({
      where: { status: 'approved', protectedUntil: LessThanOrEqual(now) },
      order: { protectedUntil: 'ASC' },
      take: limit,
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
  }

  /**
   * Up to `limit` approved registrations whose running protection ends by `horizon` and whose end was not announced
   * yet, locked for this transaction and skipped when another replica holds them: each end is announced once.
   */
  claimExpiring(manager: EntityManager, now: Date, horizon: Date, limit: number): Promise<DealRegistrationEntity[]> {
    return manager
      .getRepository(DealRegistrationEntity)
      .createQueryBuilder('r')
      .where(`r.status = 'approved' AND r.protected_until > :now AND r.protected_until <= :horizon`, { now, horizon })
      // Milliseconds, as the end is read into and written back from a Date.
      .andWhere("r.expiring_noticed_for IS DISTINCT FROM date_trunc('milliseconds', r.protected_until)")
      .orderBy('r.protected_until', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Inserts registrations known to be new with one statement; answers them as stored (version, timestamps), in their order. */
  async insertMany(manager: EntityManager, fields: readonly NewRegistrationFields[]): Promise<DealRegistrationEntity[]> {
    if (fields.length === 0) return [];
    const stored = new Map((await insertReturning(manager, DealRegistrationEntity, fields.map((f) => manager.create(DealRegistrationEntity, f)))).map((r) => [r.id, r]));
    return fields.map(({ id }) => stored.get(id)!);
  }

  /** Writes the registration's columns back; every write moves its version by one (and `updated_at`). */
  async save(manager: EntityManager, registration: DealRegistrationEntity): Promise<DealRegistrationEntity> {
    const { id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = registration;
    await manager.update(DealRegistrationEntity, { id }, changes);
    return manager.findOneByOrFail(DealRegistrationEntity, { id });
  }
}
