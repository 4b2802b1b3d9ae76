import { Injectable } from '@nestjs/common';
import type { ActorV1, CreateLeadInputV1, LeadDetailsV1 } from '@saleswire/contracts';
import { applied, type CommandGroup, type GroupedCommand, Outbox, type OutboxTransaction, UserDirectory } from '@saleswire/messaging';
import { contactKeys } from '../duplicate/contact-identity';
import { LeadCreation } from './lead-creation';
import { toLeadView } from './lead.mapper';

interface CreateLead {
  input: CreateLeadInputV1;
  actor: ActorV1;
}

@Injectable()
export class LeadService {
  /** Concurrent creations, applied together (group commit, ADR 0024). */
  private readonly creations: CommandGroup<CreateLead, LeadDetailsV1>;

  constructor(
    outbox: Outbox,
    private readonly creation: LeadCreation,
    private readonly directory: UserDirectory,
  ) {
    this.creations = outbox.group('create-lead', (tx, commands) => this.createAll(tx, commands));
  }

  /**
   * Stores a new lead with its duplicate and repeat-client marks and its assignee (the lead itself is its status
   * history's first entry), the ledger entry and the `lead.created` and `lead.assigned` events, in one transaction
   * with the request's idempotency key: a retry answers this lead, never a second one. Creations that arrive
   * while others are being written share the next transaction (ADR 0024), each answered with its own lead. An
   * assignee named by the request must be an active user (422), checked before: the check may wait for the
   * directory, and refuses this request alone.
   */
  create(input: CreateLeadInputV1, actor: ActorV1): Promise<LeadDetailsV1> {
    return this.creations.run({ input, actor }, () =>
      this.directory.assertActive(input.assigneeId ? [{ field: 'assigneeId', userId: input.assigneeId }] : []),
    );
  }

  private async createAll(tx: OutboxTransaction, commands: GroupedCommand<CreateLead>[]) {
    const leads = await this.creation.createMany(
      tx,
      commands.map(({ input: { input, actor }, within }) => ({
        input,
        actor,
        keys: contactKeys({ email: input.contact.email, phone: input.contact.phone, taxId: input.company?.taxId }),
        within,
      })),
    );
    return leads.map((lead) => applied(toLeadView(lead)));
  }
}
