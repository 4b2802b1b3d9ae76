import { inputExample, type InputExample } from '../common/input-example';
import { ChangeLeadStatusInputV1 } from './change-lead-status.v1';
import { ConvertLeadInputV1 } from './convert-lead.v1';
import { CreateLeadInputV1 } from './create-lead.v1';
import { CreateMarketingEventInputV1 } from './create-marketing-event.v1';
import { LeadAssignmentRuleInputV1 } from './put-lead-assignment.v1';
import { UpdateLeadInputV1 } from './update-lead.v1';

const MANAGER = '01936f0e-8a4b-7c3d-9e2f-0000000000c1';
const OTHER_MANAGER = '01936f0e-8a4b-7c3d-9e2f-0000000000c2';
const MARKETING_EVENT = '01936f0e-8a4b-7c3d-9e2f-0000000000e1';
const PIPELINE = '01936f13-0000-7000-8000-0000000f0001';

/** A valid body of every request the leads routes take (API.md, Leads), each field set. */
export const LEADS_INPUT_EXAMPLES: readonly InputExample[] = [
  inputExample(CreateLeadInputV1, {
    contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 (495) 123-45-67' },
    company: { name: 'Northwind', taxId: '7707083893' },
    source: 'exhibition',
    direction: 'inbound',
    segment: 'b2b',
    region: 'DE-BY',
    marketingEventId: MARKETING_EVENT,
    title: 'Warehouse scanners',
    expectedAmount: 1500.5,
    currency: 'EUR',
    assigneeId: MANAGER,
    comment: 'Met at the stand',
  }),
  inputExample(UpdateLeadInputV1, {
    contact: { name: 'Irina Volkova', email: 'irina.volkova@northwind.example' },
    company: { name: 'Northwind Trading', taxId: '7707083893' },
    segment: 'b2b',
    region: 'RU-MOW',
    title: 'Warehouse scanners, 40 units',
    expectedAmount: 2400,
    currency: 'EUR',
    assigneeId: MANAGER,
    comment: 'Wants a demo in March',
  }),
  inputExample(ChangeLeadStatusInputV1, { status: 'junk', reason: 'A competitor asking for prices' }),
  inputExample(ConvertLeadInputV1, { title: 'Scanners for Northwind', amount: 2400, currency: 'EUR', pipelineId: PIPELINE, type: 'consultative' }),
  inputExample(LeadAssignmentRuleInputV1, {
    strategy: 'weighted',
    members: [
      { userId: MANAGER, weight: 3, active: true },
      { userId: OTHER_MANAGER, weight: 1, active: false },
    ],
  }),
  inputExample(CreateMarketingEventInputV1, {
    name: 'LogiMAT 2026',
    kind: 'exhibition',
    startsOn: '2026-03-10',
    endsOn: '2026-03-12',
    city: 'Stuttgart',
    cost: 18000,
    currency: 'EUR',
  }),
];
