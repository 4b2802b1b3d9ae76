import { Injectable } from '@nestjs/common';

/**
 * What the gateway asks before it makes a key for a partner: that the partner exists and is active. Resolves
 * when it may; rejects with a problem (422 naming `partnerId`, 503 when the partners service is away) when not.
 * The partners routes' `PartnerDirectory` (`rpc.partners.get-partner.v1`) is meant to fill it:
 * `{ provide: PARTNER_ACTIVE_CHECK, useExisting: PartnerDirectory }` in app.module.
 */
export interface PartnerActiveCheck {
  assertActive(partnerId: string): Promise<void>;
}

export const PARTNER_ACTIVE_CHECK = Symbol('PARTNER_ACTIVE_CHECK');

/**
 * Until the partners service answers for its partners, a key's `partnerId` is checked for its shape only (a
 * UUID, by CreateApiKeyDto): a key for a partner that does not exist sees nothing, because every service scopes
 * a partner user's records by that id.
 */
@Injectable()
export class PartnerIdShapeOnly implements PartnerActiveCheck {
  async assertActive(): Promise<void> {
    return undefined;
  }
}
