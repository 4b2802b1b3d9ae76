import { Controller } from '@nestjs/common';
import { DEAL_LOST_V1, DEAL_WON_V1, type DealLostV1, type DealWonV1, type EventEnvelope } from '@saleswire/contracts';
import { OnEvent, type EventTransaction } from '@saleswire/messaging';
import { RegistrationClosureService } from './registration-closure.service';

@Controller()
export class RegistrationEventsController {
  constructor(private readonly closure: RegistrationClosureService) {}

  @OnEvent(DEAL_WON_V1)
  async onDealWon(event: EventEnvelope<DealWonV1>, tx: EventTransaction): Promise<void> {
    await this.closure.dealClosed(event, 'won', event.payload.wonAt, tx);
  }

  @OnEvent(DEAL_LOST_V1)
  async onDealLost(event: EventEnvelope<DealLostV1>, tx: EventTransaction): Promise<void> {
    await this.closure.dealClosed(event, 'lost', event.payload.lostAt, tx);
  }
}
