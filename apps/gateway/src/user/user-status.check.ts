import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Role } from '@saleswire/contracts';
import { ForbiddenError, type ProblemError } from '@saleswire/messaging';
import { isTransientDatabaseError } from '@saleswire/database';
import type { Repository } from 'typeorm';
import { UnauthenticatedError } from '../auth/authenticator';
import type { PrincipalCheck } from '../auth/principal-check';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { UserEntity } from './user.entity';

// What a replica knows of a user is believed for 10 s, at most 10,000 users. A deactivation does not wait for
// that: UserStatusBroadcast makes every replica forget the user at once; the TTL only bounds how long a replica
// cut off from NATS at that moment goes on believing the user active.
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

interface UserStatus {
  active: boolean;
  role: Role;
}

interface Entry {
  status: UserStatus | null;
  expiresAt: number;
}

/**
 * The PrincipalCheck of the directory: a deactivated user's tokens are 403, and so are the API keys that user
 * made; a token naming a role the user no longer has is 401 (sign in again). Callers that are no user of this
 * directory (an OIDC subject, a key made by a key) pass.
 */
@Injectable()
export class UserStatusCheck implements PrincipalCheck {
  private readonly logger = new Logger(UserStatusCheck.name);
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<UserStatus | null>>();
  /** When each user was last forgotten: a read that started before must not put the old state back. */
  private readonly forgottenAt = new Map<string, number>();

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async check(principal: AuthenticatedPrincipal): Promise<ProblemError | null> {
    const userId = principal.via === 'gateway_token' ? principal.id : principal.via === 'api_key' ? principal.createdBy : undefined;
    if (!userId) return null;
    const status = await this.statusOf(userId);
    if (!status) return null;
    if (!status.active) {
      return new ForbiddenError(principal.via === 'api_key' ? 'The user who made this API key is deactivated.' : 'This user is deactivated.');
    }
    if (principal.via === 'gateway_token' && status.role !== principal.role) {
      return new UnauthenticatedError('Your role changed since this token was issued; sign in again.');
    }
    return null;
  }

  /** Drops what this replica knows of the user. */
  forget(userId: string): void {
    const now = Date.now();
    this.entries.delete(userId);
    this.forgottenAt.set(userId, now);
    for (const [id, at] of this.forgottenAt) if (now - at > TTL_MS) this.forgottenAt.delete(id);
  }

  private async statusOf(userId: string): Promise<UserStatus | null> {
    const kept = this.entries.get(userId);
    if (kept && kept.expiresAt > Date.now()) return kept.status;
    let pending = this.loading.get(userId);
    if (!pending) {
      const startedAt = Date.now();
      pending = this.users
        .findOne({ where: { id: userId }, select: { id: true, active: true, role: true } })
        .then(
          (user) => {
            const status = user ? { active: user.active, role: user.role } : null;
            if ((this.forgottenAt.get(userId) ?? -1) < startedAt) this.remember(userId, status);
            return status;
          },
          (error: unknown) => {
            // The directory's database away: the gateway goes on serving signed tokens (ADR 0010's writes pass on
            // to the services), on what it last knew of the user, or as active when it knew nothing (ADR 0016).
            if (!isTransientDatabaseError(error)) throw error;
            this.logger.warn({ msg: 'could not read a user’s status; using what was last known', userId, error: (error as Error).message });
            return kept?.status ?? null;
          },
        )
        .finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    return pending;
  }

  private remember(userId: string, status: UserStatus | null): void {
    this.entries.delete(userId);
    this.entries.set(userId, { status, expiresAt: Date.now() + TTL_MS });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
