import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { DealRecordsModule } from '../deal/deal-records.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { DealIntakeEventsController } from './deal-intake.events.controller';
import { DealIntakeService } from './deal-intake.service';

@Module({
  imports: [CustomerModule, PipelineModule, DealRecordsModule],
  controllers: [DealIntakeEventsController],
  providers: [DealIntakeService],
})
export class DealIntakeModule {}
