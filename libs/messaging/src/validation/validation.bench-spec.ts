// Not part of `npm test` (testMatch does not pick up *.bench-spec.ts). Run it on demand:
//   npx jest -c jest.config.cjs --selectProjects messaging --testMatch '**/validation.bench-spec.ts'
// Times what a consumer does with each deal event before it applies it (the four kinds the projection benchmark
// publishes, with ids of their own): JSON.parse, the input rules, the compiled contract validator, and the whole
// `validateContract` of the envelope and of the payload, as `validateEvent` calls it. Microseconds an event,
// the third of three rounds of 20,000. Then the same for `lead.created` (a contact with an e-mail address) and for a
// lead's creation request, as leads validates each row of an import.
import {
  DEAL_CREATED_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  DEALS_EVENT_CATALOGUE,
  CreateLeadInputV1,
  EventEnvelopeSchema,
  LEAD_CREATED_V1,
  leadCreatedV1Fixture,
} from '@saleswire/contracts';
import type { ClassConstructor } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { compileContract } from './contract-validator';
import { inputRuleErrors } from './input-rules';
import { validateContract } from './validate-contract';

const PROJECTED = new Set<unknown>([DEAL_CREATED_V1, DEAL_STAGE_CHANGED_V1, DEAL_UPDATED_V1, DEAL_WON_V1]);
/** The projection benchmark's four kinds, each with its fixture as the deals' catalogue pairs them. */
const KINDS = DEALS_EVENT_CATALOGUE.filter(({ contract }) => PROJECTED.has(contract));
type Payload = ClassConstructor<object>;

it('should time the validation of deal events', () => {
  const events = Array.from({ length: 20_000 }, (_, index) => {
    const { contract, fixture } = KINDS[index % KINDS.length];
    const text = JSON.stringify({ ...fixture, eventId: randomUUID(), aggregateId: randomUUID(), payload: { ...fixture.payload, dealId: randomUUID() } });
    return { payload: contract.payload as Payload, text };
  });
  const lines: string[] = [];
  /** `work` over every item, three rounds; the third's microseconds an item. */
  function timeOver<T>(items: readonly T[], label: string, work: (item: T) => unknown): void {
    let microseconds = 0;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      for (const item of items) work(item);
      microseconds = ((performance.now() - start) * 1000) / items.length;
    }
    lines.push(`${label}: ${microseconds.toFixed(2)} µs an item`);
  }
  const time = (label: string, work: (event: (typeof events)[number]) => unknown): void => timeOver(events, label, work);
  time('JSON.parse', (event) => JSON.parse(event.text));
  time('JSON.parse and the input rules of the envelope and the payload', (event) => {
    const raw = JSON.parse(event.text);
    inputRuleErrors(raw, EventEnvelopeSchema);
    inputRuleErrors(raw.payload, event.payload);
  });
  time('JSON.parse and the compiled validators of both', (event) => {
    const raw = JSON.parse(event.text);
    if (!compileContract(EventEnvelopeSchema, { allowUnknown: true })(raw) || !compileContract(event.payload, { allowUnknown: true })(raw.payload)) {
      throw new Error('the compiled validator did not answer');
    }
  });
  time('JSON.parse and validateContract of both (as validateEvent)', (event) => {
    const envelope = validateContract(EventEnvelopeSchema, JSON.parse(event.text), { allowUnknown: true });
    const payload = envelope.ok && validateContract(event.payload, envelope.value.payload, { allowUnknown: true });
    if (!payload || !payload.ok) throw new Error('an event was refused');
  });
  const leads = Array.from({ length: 20_000 }, (_, index) => ({
    event: JSON.stringify({ ...leadCreatedV1Fixture, eventId: randomUUID(), aggregateId: randomUUID(), payload: { ...leadCreatedV1Fixture.payload, leadId: randomUUID() } }),
    row: JSON.stringify({ contact: { name: `Irina Volkova ${index}`, email: `irina.volkova${index}@northwind.example`, phone: '+7 495 123-45-67' }, source: 'exhibition', direction: 'inbound', title: 'Scanners' }),
  }));
  timeOver(leads, 'lead.created: JSON.parse and validateContract of both (as validateEvent)', (lead) => {
    const envelope = validateContract(EventEnvelopeSchema, JSON.parse(lead.event), { allowUnknown: true });
    const payload = envelope.ok && validateContract(LEAD_CREATED_V1.payload as Payload, envelope.value.payload, { allowUnknown: true });
    if (!payload || !payload.ok) throw new Error('an event was refused');
  });
  timeOver(leads, "a lead's creation request: JSON.parse and validateContract (as an import's row)", (lead) => {
    if (!validateContract(CreateLeadInputV1, JSON.parse(lead.row)).ok) throw new Error('a row was refused');
  });
  console.log(lines.join('\n'));
});
