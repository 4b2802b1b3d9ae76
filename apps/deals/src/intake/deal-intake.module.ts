import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module';
import { DealModule } from '../deal/deal.module';
import { DealIntakeEventsController } from './deal-intake.events.controller';
import { DealIntakeService } from './deal-intake.service';

@Module({
  imports: [CustomerModule, DealModule],
  controllers: [DealIntakeEventsController],
  providers: [DealIntakeService],
})
export class DealIntakeModule {}
