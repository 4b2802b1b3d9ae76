import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@saleswire/messaging';
import { ChannelIndexModule } from './channel-index/channel-index.module';
import { CommissionModule } from './commission/commission.module';
import { PartnersSettingsModule } from './common/partners-settings.module';
import type { PartnersConfig } from './config';
import { CustomerPartnerModule } from './customer-partner/customer-partner.module';
import { ENTITIES, MIGRATIONS } from './data-source';
import { LeadOfferModule } from './lead-offer/lead-offer.module';
import { PartnerActivityModule } from './partner-activity/partner-activity.module';
import { PartnerModule } from './partner/partner.module';
import { RegistrationModule } from './registration/registration.module';

/** The partners service: partners, deal registrations against the channel index, commissions, lead offers. */
@Module({})
export class AppModule {
  static forRoot(config: PartnersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          publishes: true,
          recordsRequestKeys: true,
          consumes: true,
        }),
        PartnersSettingsModule.forRoot(config),
        PartnerModule,
        ChannelIndexModule,
        RegistrationModule,
        CommissionModule,
        CustomerPartnerModule,
        LeadOfferModule,
        PartnerActivityModule,
      ],
    };
  }
}
