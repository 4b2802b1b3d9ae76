import { Injectable } from '@nestjs/common';
import type { ActorV1 } from '@saleswire/contracts';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { reachCondition } from '../common/partner-access.policy';
import { CommissionEntity } from './commission.entity';
import { CommissionNotFoundError } from './commission.errors';

export type NewCommissionFields = Omit<CommissionEntity, 'version' | 'createdAt' | 'updatedAt' | 'assignId'>;

/** The commission's row: read in the caller's scope, locked for a change, inserted once per deal, written back. */
@Injectable()
export class CommissionStore {
  /** The commissions the actor may see, as a query to narrow further (alias `c`). */
  scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<CommissionEntity> {
    const qb = manager.getRepository(CommissionEntity).createQueryBuilder('c');
    const reach = reachCondition(actor, 'c.partner_id');
    if (reach) qb.where(reach.sql, reach.params);
    return qb;
  }

  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<CommissionEntity> {
    const commission = await this.scoped(manager, actor).andWhere('c.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!commission) throw new CommissionNotFoundError(id);
    return commission;
  }

  /**
   * Inserts the deal's commission unless it has one (the unique deal id decides, so concurrent deliveries of one
   * deal.won cannot both accrue); answers the row inserted, or null when the deal had its commission already.
   */
  async insertOnce(manager: EntityManager, fields: NewCommissionFields): Promise<CommissionEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(CommissionEntity)
      .values(manager.create(CommissionEntity, fields))
      .orIgnore()
      .returning(['id'])
      .execute();
    if ((result.raw as unknown[]).length === 0) return null;
    return manager.findOneByOrFail(CommissionEntity, { id: fields.id });
  }

  async save(manager: EntityManager, commission: CommissionEntity): Promise<CommissionEntity> {
    const { id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = commission;
    await manager.update(CommissionEntity, { id }, changes);
    return manager.findOneByOrFail(CommissionEntity, { id });
  }
}
