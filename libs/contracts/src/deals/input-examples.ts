import { inputExample, type InputExample } from '../common/input-example';
import { CreateCustomerInputV1 } from './create-customer.v1';
import { CreateDealInputV1 } from './create-deal.v1';
import { CreatePipelineInputV1 } from './create-pipeline.v1';
import { MoveDealStageInputV1 } from './move-deal-stage.v1';
import { RecordPaymentInputV1 } from './record-payment.v1';
import { UpdateDealInputV1 } from './update-deal.v1';

const MANAGER = '01936f0e-8a4b-7c3d-9e2f-0000000000c1';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const CUSTOMER = '01936f10-0000-7000-8000-0000000c0001';
const PIPELINE = '01936f13-0000-7000-8000-0000000f0001';

/** A valid body of every request the deals routes take (API.md, Customers and deals), each field set. */
export const DEALS_INPUT_EXAMPLES: readonly InputExample[] = [
  inputExample(CreateCustomerInputV1, {
    kind: 'company',
    name: 'Northwind',
    taxId: '7707083893',
    email: 'purchasing@northwind.example',
    phone: '+7 495 123-45-67',
    ownerId: MANAGER,
    contacts: [
      { name: 'Olga Petrova', position: 'Buyer', email: 'olga@northwind.example', phone: '+7 900 000-00-00' },
      { name: 'Boris Orlov', position: 'Director' },
    ],
  }),
  inputExample(CreatePipelineInputV1, {
    name: 'Retail',
    kind: 'new_business',
    requiresPayment: false,
    stages: [
      { code: 'new', name: 'New', semantics: 'open', probability: 10 },
      { code: 'offer', name: 'Offer', semantics: 'open', probability: 50 },
      { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
      { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
    ],
  }),
  inputExample(CreateDealInputV1, {
    title: 'Scanners for Northwind',
    customerId: CUSTOMER,
    amount: 24000,
    currency: 'EUR',
    pipelineId: PIPELINE,
    type: 'project',
    channel: 'indirect',
    partnerId: PARTNER,
    ownerId: MANAGER,
    expectedCloseDate: '2026-05-31',
    direction: 'inbound',
    source: 'partner',
    team: [
      { userId: MANAGER, role: 'engineer' },
      { partnerId: PARTNER, role: 'installer' },
      { externalCompany: 'Bolt Logistics', role: 'carrier' },
    ],
  }),
  inputExample(UpdateDealInputV1, {
    title: 'Scanners for Northwind, 40 units',
    amount: 26000,
    currency: 'EUR',
    ownerId: MANAGER,
    expectedCloseDate: '2026-06-30T12:00:00Z',
    type: 'consultative',
    team: [{ userId: MANAGER, role: 'engineer' }],
  }),
  inputExample(MoveDealStageInputV1, { stage: 'proposal', reason: 'Sent the offer' }),
  inputExample(RecordPaymentInputV1, { amount: 12000, currency: 'EUR', paidAt: '2026-04-01T10:00:00Z', reference: 'INV-2026-0042' }),
];
