import { Controller } from '@nestjs/common';
import {
  USER_CREATED_V1,
  USER_DEACTIVATED_V1,
  USER_UPDATED_V1,
  type EventEnvelope,
  type UserCreatedV1,
  type UserDeactivatedV1,
  type UserUpdatedV1,
} from '@saleswire/contracts';
import { OnEvent } from '../inbox/event-handler.decorator';
import type { OutboxTransaction } from '../outbox/outbox';
import { UserDirectory } from './user-directory';

/** The gateway's user events, into the service's directory table. */
@Controller()
export class UserDirectoryEventsController {
  constructor(private readonly directory: UserDirectory) {}

  @OnEvent(USER_CREATED_V1)
  async onCreated(event: EventEnvelope<UserCreatedV1>, tx: OutboxTransaction): Promise<void> {
    await this.directory.record(event, tx.manager);
  }

  @OnEvent(USER_UPDATED_V1)
  async onUpdated(event: EventEnvelope<UserUpdatedV1>, tx: OutboxTransaction): Promise<void> {
    await this.directory.record(event, tx.manager);
  }

  @OnEvent(USER_DEACTIVATED_V1)
  async onDeactivated(event: EventEnvelope<UserDeactivatedV1>, tx: OutboxTransaction): Promise<void> {
    await this.directory.record(event, tx.manager);
  }
}
