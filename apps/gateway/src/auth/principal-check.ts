import { Inject, Injectable } from '@nestjs/common';
import type { ProblemError } from '@saleswire/messaging';
import type { AuthConfig } from '../config';
import type { AuthenticatedPrincipal } from './principal';
import { AUTH_CONFIG } from './token.service';

/**
 * The one hook through which the auth guard asks whether an authenticated caller may still act: a deactivated
 * user (whose tokens stop at once), a suspended partner (whose users and keys get 403). Answers null to let the
 * caller on, or the problem to answer (a `ForbiddenError`). It may read a store or a cache; the guard keeps its
 * answer per process for AUTH_CHECK_TTL_MS (1 s), and `PrincipalChecks.forget` drops it sooner. A check that
 * throws is answered as its error (a 503 when a store is away), and nothing is kept.
 */
export interface PrincipalCheck {
  check(principal: AuthenticatedPrincipal): Promise<ProblemError | null> | ProblemError | null;
}

/** The checks app.module provides, e.g. `{ provide: PRINCIPAL_CHECKS, useFactory: (a, b) => [a, b], inject: [A, B] }`. */
export const PRINCIPAL_CHECKS = Symbol('PRINCIPAL_CHECKS');

const MAX_ENTRIES = 10_000;

interface Entry {
  refusal: ProblemError | null;
  expiresAt: number;
}

/** Runs every PrincipalCheck for a caller, keeping the answer briefly, so a busy caller costs a map read. */
@Injectable()
export class PrincipalChecks {
  private readonly answers = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<ProblemError | null>>();
  private readonly ttlMs: number;
  /** Counts `forget` calls: an answer whose check started before one is not kept (it may predate the change). */
  private generation = 0;

  constructor(
    @Inject(PRINCIPAL_CHECKS) private readonly checks: PrincipalCheck[],
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.ttlMs = config.principalCheckTtlMs;
  }

  /** The first check's refusal, or null when every check lets the caller on. */
  async refusal(principal: AuthenticatedPrincipal): Promise<ProblemError | null> {
    if (this.checks.length === 0) return null;
    // The role too: a renewed token after a role change is another question than the old one.
    const key = `${principal.via}:${principal.id}:${principal.partnerId ?? ''}:${principal.role}`;
    const kept = this.answers.get(key);
    if (kept && kept.expiresAt > Date.now()) return kept.refusal;
    let running = this.pending.get(key);
    if (!running) {
      const generation = this.generation;
      running = this.run(principal)
        .then((refusal) => {
          if (generation !== this.generation) return refusal;
          this.answers.delete(key);
          this.answers.set(key, { refusal, expiresAt: Date.now() + this.ttlMs });
          if (this.answers.size > MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
          return refusal;
        })
        .finally(() => {
          if (this.pending.get(key) === running) this.pending.delete(key);
        });
      this.pending.set(key, running);
    }
    return running;
  }

  /**
   * Drops what is kept about a principal (its id, or its partner's id), or everything: for a check that learns
   * of a deactivation or a suspension and wants it to count at once on this replica.
   */
  forget(id?: string): void {
    this.generation += 1;
    if (id === undefined) {
      // Checks in flight may have read the old state: later callers start their own.
      this.pending.clear();
      return this.answers.clear();
    }
    for (const key of this.answers.keys()) {
      const [, principalId, partnerId] = key.split(':');
      if (principalId === id || partnerId === id) this.answers.delete(key);
    }
  }

  private async run(principal: AuthenticatedPrincipal): Promise<ProblemError | null> {
    for (const check of this.checks) {
      const refusal = await check.check(principal);
      if (refusal) return refusal;
    }
    return null;
  }
}
