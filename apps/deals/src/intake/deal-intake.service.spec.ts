import {
  dealRegistrationApprovedV1Fixture,
  type EventEnvelope,
  leadConvertedV1Fixture,
  type LeadConvertedV1,
} from '@saleswire/contracts';
import { OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { CustomerEntity } from '../customer/customer.entity';
import type { CustomerService } from '../customer/customer.service';
import type { DealOpener } from '../deal/deal.opener';
import type { PipelineService } from '../pipeline/pipeline.service';
import { DealIntakeService } from './deal-intake.service';

const CUSTOMER = { id: '01936f10-0000-7000-8000-0000000c0009', ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab' } as CustomerEntity;

function converted(payload: Partial<LeadConvertedV1> = {}): EventEnvelope<LeadConvertedV1> {
  return { ...leadConvertedV1Fixture, payload: { ...leadConvertedV1Fixture.payload, ...payload } };
}

describe('DealIntakeService', () => {
  let tx: OutboxTransaction;
  let dealExists: boolean;
  let customer: CustomerEntity | null;
  let pipelineExists: boolean;
  const opener = { open: jest.fn(async () => ({ deal: {}, team: [] })), wasOpened: jest.fn(async () => dealExists) };
  const customers = {
    findById: jest.fn(async () => customer),
    resolveIn: jest.fn(async () => ({ customer: CUSTOMER, created: true })),
  };
  const pipelines = { exists: jest.fn(async () => pipelineExists) };
  const intake = new DealIntakeService(
    opener as unknown as DealOpener,
    customers as unknown as CustomerService,
    pipelines as unknown as PipelineService,
  );

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    dealExists = false;
    customer = CUSTOMER;
    pipelineExists = true;
  });

  describe('lead converted', () => {
    const lead = leadConvertedV1Fixture.payload;

    it("should open the deal the conversion names, for its customer, with the lead's direction and source", async () => {
      await intake.openFromLead(leadConvertedV1Fixture, tx);
      expect(opener.open).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          id: lead.dealId,
          customerId: CUSTOMER.id,
          leadId: lead.leadId,
          channel: 'direct',
          direction: lead.direction,
          source: lead.source,
          ownerId: lead.ownerId,
        }),
        leadConvertedV1Fixture.actor,
      );
    });

    it.each([
      ['the pipeline it names exists', true, 'pl-1', 'pl-1'],
      ['the pipeline it names does not exist', false, 'pl-1', null],
    ])('should open the deal in the named pipeline only when %s', async (_case, known, pipelineId, expected) => {
      pipelineExists = known;
      await intake.openFromLead(converted({ pipelineId }), tx);
      expect(opener.open).toHaveBeenCalledWith(tx, expect.objectContaining({ pipelineId: expected }), expect.anything());
    });

    it('should open an indirect deal for the partner and the customer’s owner when the lead came through a partner without an owner', async () => {
      await intake.openFromLead(converted({ partnerId: 'p-1', ownerId: null }), tx);
      expect(opener.open).toHaveBeenCalledWith(tx, expect.objectContaining({ channel: 'indirect', partnerId: 'p-1', ownerId: CUSTOMER.ownerId }), expect.anything());
    });

    it('should do nothing when the deal is open already (a re-published conversion)', async () => {
      dealExists = true;
      await intake.openFromLead(leadConvertedV1Fixture, tx);
      expect(customers.findById).not.toHaveBeenCalled();
      expect(opener.open).not.toHaveBeenCalled();
    });

    it('should fail, so that the event goes to the dead letters, when its customer does not exist', async () => {
      customer = null;
      await expect(intake.openFromLead(leadConvertedV1Fixture, tx)).rejects.toThrow(/does not exist/);
      expect(opener.open).not.toHaveBeenCalled();
    });
  });

  describe('deal registration approved', () => {
    const registration = dealRegistrationApprovedV1Fixture.payload;

    it("should resolve the customer by identity and open the partner's indirect deal", async () => {
      await intake.openFromRegistration(dealRegistrationApprovedV1Fixture, tx);
      expect(customers.resolveIn).toHaveBeenCalledWith(tx, expect.objectContaining({ kind: 'company', name: registration.customer.name }), dealRegistrationApprovedV1Fixture.actor);
      expect(opener.open).toHaveBeenCalledWith(
        tx,
        expect.objectContaining({
          id: registration.dealId,
          customerId: CUSTOMER.id,
          channel: 'indirect',
          partnerId: registration.partnerId,
          registrationId: registration.registrationId,
          amount: registration.expectedAmount,
          source: 'partner',
          type: 'consultative',
        }),
        dealRegistrationApprovedV1Fixture.actor,
      );
    });

    it('should neither resolve a customer nor open a deal when the deal is open already', async () => {
      dealExists = true;
      await intake.openFromRegistration(dealRegistrationApprovedV1Fixture, tx);
      expect(customers.resolveIn).not.toHaveBeenCalled();
      expect(opener.open).not.toHaveBeenCalled();
    });
  });
});
