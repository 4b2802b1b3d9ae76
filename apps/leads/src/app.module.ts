import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, UserDirectoryModule } from '@saleswire/messaging';
import type { LeadsConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { LeadModule } from './lead/lead.module';
import { MarketingEventModule } from './marketing-event/marketing-event.module';
import { PartnerOfferModule } from './partner-offer/partner-offer.module';

@Module({})
export class AppModule {
  static forRoot(config: LeadsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          publishes: true,
          // customer.created from deals marks repeat clients; lead-offer.accepted from partners sets a lead's partner.
          consumes: true,
          // A conversion asks deals for the customer (rpc.deals.resolve-customer.v1).
          sendsRequests: true,
          recordsRequestKeys: true,
        }),
        UserDirectoryModule.forRoot(config.userDirectory),
        LeadModule.forRoot(config.leads),
        MarketingEventModule,
        PartnerOfferModule,
      ],
    };
  }
}
