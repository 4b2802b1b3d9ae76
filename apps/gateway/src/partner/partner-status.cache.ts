import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { LIST_SUSPENDED_PARTNERS_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { MESSAGING_CONFIG, NATS_CONNECTION, RpcClient, type MessagingConfig } from '@saleswire/messaging';
import { PARTNER_STATUS_REFRESH_MS, PartnerView, type ListedPartner } from './partner-view';

/**
 * Which partners are suspended (PartnerView: events within milliseconds, a snapshot of the suspended ones,
 * `rpc.partners.list-suspended-partners.v1`, every 10 s at most late). No partner is refused for lack of an
 * answer: suspension is a commercial state, and isolation does not depend on it.
 */
@Injectable()
export class PartnerStatusCache extends PartnerView<boolean> {
  private readonly listeners: Array<(partnerId: string) => void> = [];

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) config: MessagingConfig,
    private readonly rpc: RpcClient,
    @Inject(PARTNER_STATUS_REFRESH_MS) refreshMs: number,
  ) {
    super(nc, config, refreshMs, false, 'partner statuses', new Logger(PartnerStatusCache.name));
  }

  /** Calls `listener` with a partner's id whenever its suspension starts or ends here. */
  onChange(listener: (partnerId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Whether the partner is known to be suspended. */
  isSuspended(partnerId: string): boolean {
    return this.valueOf(partnerId);
  }

  protected fromEvent(payload: Record<string, unknown>): boolean | undefined {
    return payload.status === 'suspended' ? true : payload.status === 'active' ? false : undefined;
  }

  protected async snapshot(): Promise<Array<ListedPartner<boolean>>> {
    const { partners } = await this.rpc.send(LIST_SUSPENDED_PARTNERS_V1, { actor: SYSTEM_ACTOR });
    return partners.map((partner) => ({ id: partner.id, version: partner.version, value: true }));
  }

  protected same(a: boolean, b: boolean): boolean {
    return a === b;
  }

  protected override changed(partnerId: string): void {
    for (const listener of this.listeners) listener(partnerId);
  }
}
