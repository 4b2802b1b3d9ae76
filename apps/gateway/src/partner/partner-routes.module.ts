import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { CommissionsController } from './commissions.controller';
import { DealRegistrationsController } from './deal-registrations.controller';
import { LeadOffersController } from './lead-offers.controller';
import { PartnerDirectory } from './partner-directory';
import { PartnerFeed } from './partner-feed';
import { PartnerFeedController } from './partner-feed.controller';
import { PARTNER_FEED_HEARTBEAT_MS, PartnerFeedSession } from './partner-feed.session';
import { PartnerRoutingController } from './partner-routing.controller';
import { PartnerOriginsCache } from './partner-origins.cache';
import { PartnerStatusCache } from './partner-status.cache';
import { PARTNER_STATUS_REFRESH_MS } from './partner-view';
import { PartnersController } from './partners.controller';

/**
 * The routes of API.md's Partners section (partners, registrations, commissions, routing, lead offers), the suspended partners the
 * gateway refuses (PartnerSuspendedCheck, one of the auth guard's PrincipalChecks), the partners' allowed origins
 * (PartnerOriginsCache, for CORS), and the partner look-up users
 * are checked with. RpcClient comes from the global MessagingModule.
 */
@Module({})
export class PartnerRoutesModule {
  static forRoot(config: Pick<GatewayConfig, 'partnerStatusRefreshMs' | 'partnerFeedHeartbeatMs'>): DynamicModule {
    return {
      module: PartnerRoutesModule,
      controllers: [PartnersController, DealRegistrationsController, CommissionsController, PartnerRoutingController, LeadOffersController, PartnerFeedController],
      providers: [
        { provide: PARTNER_STATUS_REFRESH_MS, useValue: config.partnerStatusRefreshMs },
        { provide: PARTNER_FEED_HEARTBEAT_MS, useValue: config.partnerFeedHeartbeatMs },
        PartnerStatusCache,
        PartnerOriginsCache,
        PartnerDirectory,
        PartnerFeed,
        PartnerFeedSession,
      ],
      exports: [PartnerStatusCache, PartnerOriginsCache, PartnerDirectory],
    };
  }
}
