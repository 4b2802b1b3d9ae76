import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { isOrigin, LIST_PARTNER_ORIGINS_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { MESSAGING_CONFIG, NATS_CONNECTION, RpcClient, type MessagingConfig } from '@saleswire/messaging';
import type { AuthenticatedPrincipal } from '../auth/principal';
import type { OriginSource } from '../http/browser-origins';
import { PARTNER_STATUS_REFRESH_MS, PartnerView, type ListedPartner } from './partner-view';

/**
 * Each partner's allowed origins (CORS for its users and keys), so that neither a preflight nor an answer costs a
 * NATS call (PartnerView: events, and a snapshot of the partners that list any, `rpc.partners.list-partner-origins.v1`).
 * An event from before the field existed carries none: read as an empty list.
 */
@Injectable()
export class PartnerOriginsCache extends PartnerView<readonly string[]> implements OriginSource {
  private listed: ReadonlySet<string> = new Set();

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) config: MessagingConfig,
    private readonly rpc: RpcClient,
    @Inject(PARTNER_STATUS_REFRESH_MS) refreshMs: number,
  ) {
    super(nc, config, refreshMs, [], 'the partners’ origins', new Logger(PartnerOriginsCache.name));
  }

  lists(origin: string): boolean {
    return this.listed.has(origin);
  }

  originsOf(principal: AuthenticatedPrincipal): readonly string[] {
    return principal.partnerId ? this.originsOfPartner(principal.partnerId) : [];
  }

  /** The origins a partner lists, as known here. */
  originsOfPartner(partnerId: string): readonly string[] {
    return this.valueOf(partnerId);
  }

  protected fromEvent(payload: Record<string, unknown>): readonly string[] | undefined {
    const origins = payload.allowedOrigins ?? [];
    // Origins the partners service let through are canonical; anything else in an event is not trusted.
    return Array.isArray(origins) && origins.every(isOrigin) ? [...(origins as string[])] : undefined;
  }

  protected async snapshot(): Promise<Array<ListedPartner<readonly string[]>>> {
    const { partners } = await this.rpc.send(LIST_PARTNER_ORIGINS_V1, { actor: SYSTEM_ACTOR });
    return partners.map((partner) => ({ id: partner.id, version: partner.version, value: [...partner.allowedOrigins] }));
  }

  protected same(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((origin, i) => origin === b[i]);
  }

  /** The union every preflight is answered for; partners are few, so it is rebuilt whole on each change. */
  protected override changed(): void {
    const listed = new Set<string>();
    for (const origins of this.values()) for (const origin of origins) listed.add(origin);
    this.listed = listed;
  }
}
