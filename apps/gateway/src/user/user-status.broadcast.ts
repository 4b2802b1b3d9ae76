import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { MESSAGING_CONFIG, NATS_CONNECTION, type MessagingConfig } from '@saleswire/messaging';
import { PrincipalChecks } from '../auth/principal-check';
import { ReplicaBroadcast } from '../auth/replica-broadcast';
import { UserStatusCheck } from './user-status.check';

/** Gateway-internal subject (core NATS, namespaced): a user's active flag or role changed. Not a contract. */
export const USER_STATUS_CHANGED_SUBJECT = 'internal.gateway.user-status-changed.v1';

/**
 * Makes a deactivation (or a role change) count on every gateway replica at once: the replica that made it
 * tells the others, each forgets the user and every kept principal check, and the next request reads the user
 * again. Deactivations are rare, so forgetting every kept check (1 s of answers) costs nothing worth keeping.
 */
@Injectable()
export class UserStatusBroadcast implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UserStatusBroadcast.name);
  private readonly broadcast: ReplicaBroadcast;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) messaging: MessagingConfig,
    private readonly status: UserStatusCheck,
    private readonly checks: PrincipalChecks,
  ) {
    this.broadcast = new ReplicaBroadcast(nc, USER_STATUS_CHANGED_SUBJECT, messaging.namespace, (id) => this.forget(id));
  }

  onApplicationBootstrap(): void {
    this.broadcast.start();
  }

  onApplicationShutdown(): void {
    this.broadcast.stop();
  }

  /** Forgets the user here at once, and resolves once the other replicas have been told. */
  async changed(userId: string): Promise<void> {
    this.forget(userId);
    await this.broadcast.tell(userId, this.logger, 'of a user deactivated or given another role');
  }

  private forget(userId: string): void {
    this.status.forget(userId);
    this.checks.forget();
  }
}
