import { Module } from '@nestjs/common';
import { ChannelIndexModule } from '../channel-index/channel-index.module';
import { PartnerModule } from '../partner/partner.module';
import { CustomerPartnerRpcController } from './customer-partner.rpc.controller';
import { CustomerPartnerService } from './customer-partner.service';

/** The partner part of a customer's history (`GET /customers/{id}/history`). */
@Module({
  imports: [ChannelIndexModule, PartnerModule],
  controllers: [CustomerPartnerRpcController],
  providers: [CustomerPartnerService],
})
export class CustomerPartnerModule {}
