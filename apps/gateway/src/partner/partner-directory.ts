import { Injectable } from '@nestjs/common';
import { GET_PARTNER_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { DomainRuleError, ProblemError, RpcClient } from '@saleswire/messaging';
import type { PartnerActiveCheck } from '../api-key/partner-active.check';

/** 422: a `partner_user` names a partner that does not exist or is not active. */
export class PartnerNotUsableError extends DomainRuleError {
  constructor(partnerId: string, why: 'unknown' | 'suspended') {
    const message = why === 'unknown' ? `no partner ${partnerId}` : `partner ${partnerId} is suspended`;
    super(`A partner user belongs to an active partner: ${message}.`, [{ field: 'partnerId', message }], `partner_${why}`);
  }
}

/** What the gateway asks the partners service about a partner for its own records (users and API keys). */
@Injectable()
export class PartnerDirectory implements PartnerActiveCheck {
  constructor(private readonly rpc: RpcClient) {}

  /** Resolves when the partner exists and is active; 422 naming `partnerId` otherwise; 503 when the service is away. */
  async assertActive(partnerId: string): Promise<void> {
    const partner = await this.rpc.send(GET_PARTNER_V1, { actor: SYSTEM_ACTOR, id: partnerId }).catch((error: unknown) => {
      if (error instanceof ProblemError && error.status === 404) throw new PartnerNotUsableError(partnerId, 'unknown');
      throw error;
    });
    if (partner.status !== 'active') throw new PartnerNotUsableError(partnerId, 'suspended');
  }
}
