import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LEAD_OFFER_SETTINGS, REGISTRATION_SETTINGS, type PartnersConfig } from '../config';

/** The partners service's own settings, available to every feature module. */
@Global()
@Module({})
export class PartnersSettingsModule {
  static forRoot(config: PartnersConfig): DynamicModule {
    return {
      module: PartnersSettingsModule,
      providers: [
        { provide: REGISTRATION_SETTINGS, useValue: config.registrations },
        { provide: LEAD_OFFER_SETTINGS, useValue: config.leadOffers },
      ],
      exports: [REGISTRATION_SETTINGS, LEAD_OFFER_SETTINGS],
    };
  }
}
