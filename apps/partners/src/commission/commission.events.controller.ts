import { Controller } from '@nestjs/common';
import { DEAL_WON_V1, type DealWonV1, type EventEnvelope } from '@saleswire/contracts';
import { OnEvent, type EventTransaction } from '@saleswire/messaging';
import { CommissionAccrualService } from './commission-accrual.service';

@Controller()
export class CommissionEventsController {
  constructor(private readonly accrual: CommissionAccrualService) {}

  @OnEvent(DEAL_WON_V1)
  async onDealWon(event: EventEnvelope<DealWonV1>, tx: EventTransaction): Promise<void> {
    await this.accrual.dealWon(event, tx);
  }
}
