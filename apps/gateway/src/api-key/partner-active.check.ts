/**
 * What the gateway asks before it makes a user or a key for a partner: that the partner exists and is active.
 * Resolves when it may; rejects with a problem (422 naming `partnerId`, 503 when the partners service is away)
 * when not. Bound in app.module to the partners routes' `PartnerDirectory` (`rpc.partners.get-partner.v1`).
 */
export interface PartnerActiveCheck {
  assertActive(partnerId: string): Promise<void>;
}

export const PARTNER_ACTIVE_CHECK = Symbol('PARTNER_ACTIVE_CHECK');
