import { Module } from '@nestjs/common';
import { LeadRpcController } from './lead.rpc.controller';
import { LeadService } from './lead.service';

@Module({
  controllers: [LeadRpcController],
  providers: [LeadService],
})
export class LeadModule {}
