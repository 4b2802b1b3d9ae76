import { Injectable } from '@nestjs/common';
import { USER_DEACTIVATED_V1, USER_UPDATED_V1, type ActorV1 } from '@saleswire/contracts';
import { NotFoundError, Outbox, StaleVersionError } from '@saleswire/messaging';
import type { UpdateUserDto } from './dto/update-user.dto';
import { refusalOfUserChange, userChangeKind } from './user-change.policy';
import { UserEntity } from './user.entity';
import { toUserFacts } from './user.mapper';
import { UserStatusBroadcast } from './user-status.broadcast';
import { toUserView, type UserView } from './user.view';

/**
 * `PATCH /users/{id}` and `POST /users/{id}/deactivate`: the change, its `evt.iam.user.updated|deactivated.v1`
 * and the request's idempotency key in one transaction; then every gateway replica is told, so that a
 * deactivated user's tokens and keys stop before the answer is sent.
 */
@Injectable()
export class UserChangeService {
  constructor(
    private readonly outbox: Outbox,
    private readonly broadcast: UserStatusBroadcast,
  ) {}

  /** Applies `change` to the user at `expectedVersion` (412 when it moved on). */
  update(id: string, change: UpdateUserDto, expectedVersion: number | null, actor: ActorV1): Promise<UserView> {
    return this.apply(id, change, expectedVersion, actor);
  }

  /** Deactivates the user; a user already inactive is answered as it stands, without a second event. */
  deactivate(id: string, actor: ActorV1): Promise<UserView> {
    return this.apply(id, { active: false }, null, actor);
  }

  private async apply(id: string, change: UpdateUserDto, expectedVersion: number | null, actor: ActorV1): Promise<UserView> {
    const { view, statusChanged } = await this.outbox.command(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('User', id);
      if (expectedVersion !== null && user.version !== expectedVersion) throw new StaleVersionError(user.version, expectedVersion, 'user');
      const refusal = refusalOfUserChange(change, { actorId: actor.id, user });
      if (refusal) throw refusal;
      const before = { name: user.name, role: user.role, active: user.active };
      const after = { name: change.name?.trim() ?? user.name, role: change.role ?? user.role, active: change.active ?? user.active };
      const kind = userChangeKind(before, after);
      if (kind === 'none') return { view: toUserView(user), statusChanged: false };
      Object.assign(user, after);
      const saved = await tx.manager.save(user);
      const contract = kind === 'deactivated' ? USER_DEACTIVATED_V1 : USER_UPDATED_V1;
      tx.emit(contract, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toUserFacts(saved) });
      return { view: toUserView(saved), statusChanged: before.active !== after.active || before.role !== after.role };
    });
    // After the commit: a replica that hears of it reads the user again (a role change too, because a token
    // names the role it was issued with).
    if (statusChanged) await this.broadcast.changed(id);
    return view;
  }
}
