import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { DealRecordsModule } from '../deal/deal-records.module';
import { DealIntakeEventsController } from './deal-intake.events.controller';
import { DealIntakeService } from './deal-intake.service';

@Module({
  imports: [CustomerModule, DealRecordsModule],
  controllers: [DealIntakeEventsController],
  providers: [DealIntakeService],
})
export class DealIntakeModule {}
