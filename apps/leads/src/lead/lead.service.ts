import { Injectable } from '@nestjs/common';
import { LEAD_CREATED_V1, type ActorV1, type CreateLeadInputV1, type LeadViewV1 } from '@saleswire/contracts';
import { Outbox } from '@saleswire/messaging';
import { LeadEntity } from './lead.entity';
import { toLeadCreated, toLeadView } from './lead.mapper';

@Injectable()
export class LeadService {
  constructor(private readonly outbox: Outbox) {}

  /** Stores a new lead and its `lead.created` event in one transaction. */
  async create(input: CreateLeadInputV1, actor: ActorV1): Promise<LeadViewV1> {
    const lead = await this.outbox.transaction(async (tx) => {
      const entity = tx.manager.create(LeadEntity, {
        status: 'new',
        contactName: input.contact.name.trim(),
        contactEmail: input.contact.email?.trim().toLowerCase() ?? null,
        contactPhone: input.contact.phone?.trim() ?? null,
        companyName: input.company?.name.trim() ?? null,
        companyTaxId: input.company?.taxId?.trim() ?? null,
        source: input.source,
        direction: input.direction,
        segment: input.segment ?? 'b2b',
        marketingEventId: input.marketingEventId ?? null,
        title: input.title ?? null,
        expectedAmount: input.expectedAmount ?? null,
        currency: input.currency ?? null,
        assigneeId: input.assigneeId ?? null,
        // A partner's user creates leads for its own partner only.
        partnerId: actor.role === 'partner_user' ? (actor.partnerId ?? null) : (input.partnerId ?? null),
        comment: input.comment ?? null,
        isRepeat: false,
        customerId: null,
        duplicateOfId: null,
        createdBy: actor.id,
      });
      const saved = await tx.manager.save(entity);
      tx.emit(LEAD_CREATED_V1, {
        aggregateId: saved.id,
        aggregateVersion: saved.version,
        actor,
        payload: toLeadCreated(saved),
      });
      return saved;
    });
    return toLeadView(lead);
  }
}
