import { Module } from '@nestjs/common';
import { PartnerCreateService } from './partner-create.service';
import { PartnerQueryService } from './partner-query.service';
import { PartnerStatusService } from './partner-status.service';
import { PartnerUpdateService } from './partner-update.service';
import { PartnerRpcController } from './partner.rpc.controller';
import { PartnerStore } from './partner.store';

/** Partners: signing up, changing, suspending and reactivating, reading. Other features read partners through the store. */
@Module({
  controllers: [PartnerRpcController],
  providers: [PartnerStore, PartnerCreateService, PartnerUpdateService, PartnerStatusService, PartnerQueryService],
  exports: [PartnerStore],
})
export class PartnerModule {}
