import { plainToInstance, Transform, Type, type ClassConstructor } from 'class-transformer';
import {
  getMetadataStorage,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateNested,
  validateSync,
  type ValidationOptions,
} from 'class-validator';
import * as contracts from '@saleswire/contracts';
import { CreateLeadInputV1, EventEnvelopeSchema, separatelyValidated } from '@saleswire/contracts';
import { compileContract, fastPathGap } from './contract-validator';
import { MAX_INPUT_DEPTH } from './input-rules';
import { validateContract } from './validate-contract';

// class-transformer exports its storage only by path; the mutations follow @Type into nested classes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Cls = ClassConstructor<object>;
type Slow = { ok: true; value: object } | { ok: false } | { threw: unknown };

const USER = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';
const OTHER_USER = '01936f0e-8a4b-7c3d-9e2f-0000000000ab';
const LEAD = '01936f0e-8a4b-7c3d-9e2f-000000000001';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const CUSTOMER = '01936f10-0000-7000-8000-0000000c0001';
const DEAL = '01936f11-0000-7000-8000-0000000d0001';
const PIPELINE = '01936f13-0000-7000-8000-0000000f0001';
const MARKETING_EVENT = '01936f0e-8a4b-7c3d-9e2f-0000000000e1';
const JOB = '01936f15-0000-7000-8000-000000000001';
const ACTOR = { id: USER, role: 'manager', partnerId: null };
const PARTNER_ACTOR = { id: OTHER_USER, role: 'partner_user', partnerId: PARTNER };

const LEAD_INPUT = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 (495) 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  segment: 'b2b',
  marketingEventId: MARKETING_EVENT,
  title: 'Warehouse scanners',
  expectedAmount: 1500.5,
  currency: 'EUR',
  assigneeId: USER,
  partnerId: PARTNER,
  comment: 'Met at the stand',
};
const STAGES = [
  { code: 'new', name: 'New', semantics: 'open', probability: 10 },
  { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
  { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
];

/** A valid request for every rpc contract (the rpc contracts have no fixtures of their own). */
const RPC_SAMPLES: Array<[Cls, object]> = [
  [contracts.CreateLeadRequestV1, { actor: ACTOR, input: LEAD_INPUT }],
  [contracts.CreateLeadRequestV1, { actor: PARTNER_ACTOR, input: { contact: { name: 'A' }, source: 'cold_call', direction: 'outbound' } }],
  [
    contracts.ListLeadsRequestV1,
    {
      actor: ACTOR,
      query: {
        limit: '20',
        cursor: 'eyJpZCI6MX0',
        status: 'new',
        source: 'exhibition',
        direction: 'inbound',
        segment: 'b2b',
        ownerId: USER,
        partnerId: PARTNER,
        marketingEventId: MARKETING_EVENT,
        customerId: CUSTOMER,
        isRepeat: 'true',
        createdFrom: '2026-01-01T00:00:00Z',
        createdTo: '2026-02-01T00:00:00Z',
        q: 'north',
      },
    },
  ],
  [contracts.GetLeadRequestV1, { actor: ACTOR, leadId: LEAD }],
  [
    contracts.UpdateLeadRequestV1,
    {
      actor: ACTOR,
      leadId: LEAD,
      expectedVersion: 3,
      input: {
        contact: { name: 'Irina Volkova', email: 'irina.volkova@northwind.example' },
        company: null,
        segment: 'b2c',
        marketingEventId: null,
        title: null,
        expectedAmount: 10.5,
        currency: 'EUR',
        assigneeId: USER,
        comment: null,
      },
    },
  ],
  [contracts.ChangeLeadStatusRequestV1, { actor: ACTOR, leadId: LEAD, input: { status: 'junk', reason: 'Spam' } }],
  [
    contracts.ConvertLeadRequestV1,
    { actor: ACTOR, leadId: LEAD, input: { title: 'Deal', amount: 100, currency: 'USD', pipelineId: PIPELINE, type: 'project' } },
  ],
  [contracts.GetLeadAssignmentRequestV1, { actor: ACTOR }],
  [
    contracts.PutLeadAssignmentRequestV1,
    {
      actor: ACTOR,
      input: {
        strategy: 'weighted',
        members: [
          { userId: USER, weight: 3, active: true },
          { userId: OTHER_USER, weight: 1, active: false },
        ],
      },
    },
  ],
  [
    contracts.CreateMarketingEventRequestV1,
    {
      actor: ACTOR,
      input: { name: 'LogiMAT 2026', kind: 'exhibition', startsOn: '2026-03-10', endsOn: '2026-03-12', city: 'Stuttgart', cost: 18000, currency: 'EUR' },
    },
  ],
  [contracts.ListMarketingEventsRequestV1, { actor: ACTOR, query: { limit: '10', cursor: 'c1', kind: 'seminar', from: '2026-01-01', to: '2026-12-31' } }],
  [contracts.StartLeadImportRequestV1, { actor: ACTOR, format: 'csv', total: 100000 }],
  [
    contracts.StageLeadImportRowsRequestV1,
    { actor: ACTOR, jobId: JOB, firstRow: 1, rows: [LEAD_INPUT, { contact: { name: 'B' }, source: 'billboard' }, 'garbage', null, [1, 2]] },
  ],
  [contracts.LeadImportJobRequestV1, { actor: ACTOR, jobId: JOB }],
  [
    contracts.ResolveCustomerRequestV1,
    {
      actor: ACTOR,
      customer: { kind: 'company', name: 'Northwind LLC', taxId: '7707083893', email: 'purchasing@northwind.example', phone: '+7 495 123-45-67', ownerId: USER },
    },
  ],
  [
    contracts.CreateCustomerRequestV1,
    {
      actor: ACTOR,
      input: {
        kind: 'company',
        name: 'Northwind',
        taxId: '7707.083-893',
        email: 'info@northwind.example',
        phone: '+7 495 123-45-67',
        ownerId: USER,
        contacts: [{ name: 'Olga', position: 'Buyer', email: 'olga@northwind.example', phone: '+7 900 000-00-00' }, { name: 'Boris' }],
      },
    },
  ],
  [contracts.ListCustomersRequestV1, { actor: ACTOR, query: { limit: '50', q: 'north', ownerId: USER, kind: 'person' } }],
  [contracts.GetByIdRequestV1, { actor: ACTOR, id: CUSTOMER }],
  [contracts.ListPipelinesRequestV1, { actor: ACTOR }],
  [contracts.CreatePipelineRequestV1, { actor: ACTOR, input: { name: 'Retail', kind: 'new_business', requiresPayment: false, stages: STAGES } }],
  [
    contracts.CreateDealRequestV1,
    {
      actor: ACTOR,
      input: {
        title: 'Scanners',
        customerId: CUSTOMER,
        amount: 1000,
        currency: 'EUR',
        pipelineId: PIPELINE,
        type: 'project',
        channel: 'indirect',
        partnerId: PARTNER,
        ownerId: USER,
        expectedCloseDate: '2026-05-31',
        direction: 'inbound',
        source: 'partner',
        team: [
          { userId: USER, role: 'engineer' },
          { partnerId: PARTNER, role: 'installer' },
          { externalCompany: 'Bolt Logistics', role: 'carrier' },
        ],
      },
    },
  ],
  [
    contracts.ListDealsRequestV1,
    {
      actor: ACTOR,
      query: {
        limit: '5',
        status: 'open',
        ownerId: USER,
        customerId: CUSTOMER,
        pipelineId: PIPELINE,
        channel: 'direct',
        partnerId: PARTNER,
        createdFrom: '2026-01-01',
        createdTo: '2026-02-01',
        q: 'scan',
      },
    },
  ],
  [
    contracts.UpdateDealRequestV1,
    {
      actor: ACTOR,
      id: DEAL,
      expectedVersion: 2,
      input: { title: 'Scanners x4', amount: 1200.25, currency: 'USD', ownerId: USER, expectedCloseDate: '2026-06-30', type: 'consultative', team: [] },
    },
  ],
  [contracts.MoveDealStageRequestV1, { actor: ACTOR, id: DEAL, input: { stage: 'proposal', reason: 'Sent the offer' } }],
  [contracts.RecordPaymentRequestV1, { actor: ACTOR, id: DEAL, input: { amount: 100, currency: 'EUR', paidAt: '2026-04-01T10:00:00Z', reference: 'INV-1' } }],
  [contracts.ListRepeatSalesDueRequestV1, { actor: ACTOR, query: { withinDays: '30' } }],
  [contracts.GetLeadSourcesRequestV1, { actor: ACTOR, query: { from: '2026-01-01', to: '2026-03-31' } }],
  [contracts.GetDashboardReportsRequestV1, { actor: ACTOR }],
  [contracts.GetFunnelRequestV1, { actor: ACTOR, query: { from: '2026-01-01', to: '2026-04-01', pipelineId: DEAL, asOf: '2026-03-31T23:00:00Z' } }],
  [contracts.GetSummaryRequestV1, { actor: ACTOR, query: { ownerId: DEAL, channel: 'direct', direction: 'inbound', source: 'exhibition', isRepeat: 'true' } }],
  [contracts.GetManagersReportRequestV1, { actor: ACTOR, query: { from: '2026-01-01', isRepeat: 'false' } }],
  [contracts.GetPartnersReportRequestV1, { actor: ACTOR, query: { partnerId: DEAL, to: '2026-12-31' } }],
  [contracts.GetForecastRequestV1, { actor: ACTOR, query: { months: '6', channel: 'indirect' } }],
  [contracts.PutSalesPlanRequestV1, { actor: ACTOR, month: '2026-06', userId: DEAL, input: { amount: 250000, currency: 'EUR' } }],
  [contracts.ListSalesPlansRequestV1, { actor: ACTOR, query: { month: '2026-06', asOf: '2026-06-15T00:00:00Z' } }],
  [
    contracts.CreatePartnerRequestV1,
    { actor: ACTOR, input: { name: 'Baltic Systems', kind: 'reseller', tier: 'gold', territories: ['DE', 'de-by', 'RU-MOW'], commissionRate: 0.125, routingWeight: 5 } },
  ],
  [contracts.ListPartnersRequestV1, { actor: ACTOR, query: { limit: '10', kind: 'dealer', tier: 'silver', status: 'active', territory: 'DE-BY', q: 'baltic' } }],
  [contracts.ListPartnerOriginsRequestV1, { actor: ACTOR }],
  [
    contracts.UpdatePartnerRequestV1,
    { actor: ACTOR, id: PARTNER, expectedVersion: 2, input: { name: 'Baltic', kind: 'agent', tier: 'bronze', territories: [], commissionRate: 0, routingWeight: null } },
  ],
  [contracts.PartnerStatusChangeRequestV1, { actor: ACTOR, id: PARTNER, input: { reason: 'Unpaid fee' } }],
  [contracts.GetPartnerRoutingRequestV1, { actor: ACTOR }],
  [contracts.PutPartnerRoutingRequestV1, { actor: ACTOR, input: { enabled: true, sources: ['website', 'exhibition'], offerHours: 48 } }],
  [contracts.ListLeadOffersRequestV1, { actor: ACTOR, query: { limit: '20', status: 'offered', partnerId: PARTNER, leadId: PARTNER } }],
  [contracts.AcceptLeadOfferRequestV1, { actor: ACTOR, id: PARTNER, input: { note: 'We know them' } }],
  [contracts.DeclineLeadOfferRequestV1, { actor: ACTOR, id: PARTNER, input: { reason: 'Outside our reach' } }],
  [contracts.ListSuspendedPartnersRequestV1, { actor: ACTOR }],
  [
    contracts.SubmitDealRegistrationRequestV1,
    {
      actor: PARTNER_ACTOR,
      partnerId: PARTNER,
      input: {
        customer: { name: 'ООО «Ромашка»', taxId: '7707083893', email: 'buyer@romashka.example', website: 'https://www.romashka.example/' },
        title: 'Terminals',
        expectedAmount: 1000.5,
        currency: 'RUB',
        expectedCloseDate: '2026-06-30',
      },
    },
  ],
  [contracts.ListDealRegistrationsRequestV1, { actor: ACTOR, query: { limit: '20', partnerId: PARTNER, status: 'approved', conflict: 'true' } }],
  [contracts.ApproveDealRegistrationRequestV1, { actor: ACTOR, id: DEAL, input: { protectionDays: 60, override: true, reason: 'The customer asked for them' } }],
  [contracts.RejectDealRegistrationRequestV1, { actor: ACTOR, id: DEAL, input: { reason: 'Direct customer' } }],
  [contracts.ExtendDealRegistrationRequestV1, { actor: ACTOR, id: DEAL, input: { days: 30 } }],
  [contracts.WithdrawDealRegistrationRequestV1, { actor: PARTNER_ACTOR, id: DEAL, input: { reason: 'Postponed' } }],
  [contracts.ListCommissionsRequestV1, { actor: ACTOR, ofPartner: PARTNER, query: { limit: '5', partnerId: PARTNER, status: 'accrued', currency: 'EUR', dealId: DEAL } }],
  [contracts.ApproveCommissionRequestV1, { actor: ACTOR, id: DEAL, input: { note: 'Checked against the invoice' } }],
  [contracts.PayCommissionRequestV1, { actor: ACTOR, id: DEAL, input: { reference: 'PAY-1' } }],
  [contracts.GetCustomerPartnerRequestV1, { actor: ACTOR, customerId: CUSTOMER }],
];

/** Classes the fast path genuinely does not cover, with why; for them every answer comes from the slow path. */
const rpcContracts = (Object.values(contracts) as unknown[]).filter(
  (value): value is contracts.RpcContract =>
    typeof value === 'object' && value !== null && 'request' in value && String((value as { subject?: unknown }).subject).startsWith('rpc.'),
);

/** Every (class, valid plain) pair: event payloads and envelopes, rpc requests, and every object nested in them. */
const SAMPLES: Array<[Cls, object]> = withNested([
  ...contracts.EVENT_CATALOGUE.flatMap(({ contract, fixture }): Array<[Cls, object]> => [
    [contract.payload, fixture.payload],
    [EventEnvelopeSchema, fixture],
  ]),
  ...RPC_SAMPLES,
]);

function typeOf(cls: Cls | undefined, property: string): Cls | undefined {
  const type = cls && defaultMetadataStorage.findTypeMetadata(cls, property);
  const target = type?.typeFunction?.() as Cls | undefined;
  return target === undefined || target === Number || target === String || target === Boolean ? undefined : target;
}

function declaredProperties(cls: Cls | undefined): string[] {
  if (!cls) return [];
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined).map((m) => m.propertyName))];
}

/** Adds a sample for each object a sample holds under a @Type property (each array element too). */
function withNested(samples: Array<[Cls, object]>): Array<[Cls, object]> {
  const all: Array<[Cls, object]> = [];
  const seen = new Set<string>();
  const visit = (cls: Cls, plain: object): void => {
    const key = `${cls.name} ${JSON.stringify(plain)}`;
    if (seen.has(key)) return;
    seen.add(key);
    all.push([cls, plain]);
    for (const [property, value] of Object.entries(plain)) {
      const nested = typeOf(cls, property);
      const items: unknown[] = Array.isArray(value) ? value : [value];
      for (const item of items) if (nested && typeof item === 'object' && item !== null && !Array.isArray(item)) visit(nested, item);
    }
  };
  for (const [cls, plain] of samples) visit(cls, plain);
  return all;
}

interface Node {
  path: Array<string | number>;
  cls?: Cls;
  value: object;
}

/** Every object and array inside a plain value, with the class @Type gives it (none for untyped values). */
function nodesOf(value: object, cls: Cls | undefined, path: Array<string | number> = []): Node[] {
  const nodes: Node[] = [{ path, cls, value }];
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== 'object' || child === null) continue;
    const childCls = Array.isArray(value) ? cls : typeOf(cls, key);
    nodes.push(...nodesOf(child, childCls, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return nodes;
}

const LONG = 'x'.repeat(5000);
const VALUES: Array<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ["''", ''],
  ["'x'", 'x'],
  ['0', 0],
  ['-0', -0],
  ['-1', -1],
  ['1.234', 1.234],
  ['1e20', 1e20],
  ['NaN', NaN],
  ['true', true],
  ['false', false],
  ["'1'", '1'],
  ["'true'", 'true'],
  ['{}', {}],
  ['[]', []],
  ["['x']", ['x']],
  ['[{}]', [{}]],
  ['5,000 chars', LONG],
  ['a uuid', '01936f0e-8a4b-7c3d-9e2f-000000000002'],
  ['a bad uuid', '01936f0e-8a4b-7c3d-9e2f-00000000000g'],
  ['an email', 'olga@northwind.example'],
  ['a bad email', 'olga@@northwind'],
  ["'EUR'", 'EUR'],
  ['a date', '2026-03-02'],
  ['an impossible date', '2026-02-30'],
  ['a week date', '2026-W01'],
];

/** An array nested `levels` deep: [[[...]]]. */
function nestedArray(levels: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

/** What no input may hold, whatever its contract says (input-rules.ts): each must be refused where it is put. */
const UNSAFE: Array<[string, unknown]> = [
  ['a NUL', 'a\u0000b'],
  ['a lone surrogate', 'a\ud800'],
  ['a lone surrogate in an email', 'olga\udc00@northwind.example'],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['NaN', NaN],
  [`${MAX_INPUT_DEPTH + 1} levels of arrays`, nestedArray(MAX_INPUT_DEPTH + 1)],
];

type Mutation = [label: string, plain: object];

/** The sample with each path (nested ones too, and declared but absent properties) deleted or replaced, plus an unknown key in each object. */
function mutationsOf(cls: Cls, sample: object, values: Array<[string, unknown]> = [...VALUES, ...UNSAFE]): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of nodesOf(sample, cls)) {
    const keys = Array.isArray(node.value) ? Object.keys(node.value) : [...new Set([...Object.keys(node.value), ...declaredProperties(node.cls)])];
    const where = (key: string): string => [...node.path, key].join('.');
    for (const key of keys) {
      mutations.push([`delete ${where(key)}`, mutate(sample, node.path, (target) => delete target[key])]);
      for (const [label, value] of values) mutations.push([`${where(key)} = ${label}`, mutate(sample, node.path, (target) => (target[key] = value))]);
    }
    if (!Array.isArray(node.value)) {
      mutations.push([`unknown key in ${node.path.join('.') || 'the root'}`, mutate(sample, node.path, (target) => (target.unexpected = 'x'))]);
    }
  }
  return mutations;
}

/**
 * A deep copy made in this realm. structuredClone would make its objects with Node's own Object.prototype, not
 * the one of Jest's sandbox, and the fast path leaves objects of another prototype to the slow path.
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clone(item)])) as T;
}

/** Whether a path lies below a property its class marks @ValidatedSeparately(). */
function separatelyCarried(cls: Cls, path: Array<string | number>): boolean {
  let current: Cls | undefined = cls;
  for (const [index, key] of path.entries()) {
    if (current && typeof key === 'string' && separatelyValidated(current).has(key)) return true;
    // An array's elements keep the class of the property that holds it.
    current = typeof key === 'number' ? current : typeOf(current, key);
    if (current === undefined && index < path.length - 1) return false;
  }
  return false;
}

function mutate(sample: object, path: Array<string | number>, change: (target: Record<string, unknown>) => unknown): object {
  const copy = clone(sample) as Record<string, unknown>;
  const target = path.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  change(target);
  return copy;
}

/** What validateContract did before the fast path: plainToInstance, then validateSync with the same options. */
function slowPath(cls: Cls, plain: object, allowUnknown: boolean): Slow {
  try {
    const value = plainToInstance(cls, plain);
    const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: !allowUnknown, forbidUnknownValues: true });
    return errors.length ? { ok: false } : { ok: true, value };
  } catch (threw) {
    return { threw };
  }
}

/** Where two values differ in prototype, own keys (in order, undefined ones included) or value; [] when nowhere. */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? [] : [`${path}: ${String(a)} vs ${String(b)}`];
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return [`${path}: prototypes differ (${a.constructor?.name} vs ${b.constructor?.name})`];
  const keysA = Reflect.ownKeys(a).map(String);
  const keysB = Reflect.ownKeys(b).map(String);
  if (keysA.join() !== keysB.join()) return [`${path}: own keys [${keysA.join()}] vs [${keysB.join()}]`];
  return keysA.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`));
}

/** Runs both paths; answers what is wrong (the fast path answered where the slow one did not accept, or differently). */
function unsoundness(cls: Cls, plain: object, allowUnknown: boolean): { answered: boolean; problems: string[] } {
  const fast = compileContract(cls, { allowUnknown })(plain);
  const slow = slowPath(cls, plain, allowUnknown);
  if (fast === undefined) return { answered: false, problems: [] };
  if (!('ok' in slow)) return { answered: true, problems: [`the slow path threw ${String(slow.threw)}`] };
  if (!slow.ok) return { answered: true, problems: ['the slow path rejects it'] };
  return { answered: true, problems: differences(fast, slow.value) };
}

describe('compileContract', () => {
  it('should have a valid sample when a contract is an rpc contract', () => {
    const sampled = new Set(RPC_SAMPLES.map(([cls]) => cls));
    expect(rpcContracts.length).toBeGreaterThan(20);
    expect(rpcContracts.filter((contract) => !sampled.has(contract.request)).map((contract) => contract.subject)).toEqual([]);
  });

  describe.each([false, true])('when allowUnknown is %p', (allowUnknown) => {
    it.each(SAMPLES.map(([cls, sample], index) => [`${cls.name} #${index}`, cls, sample] as const))(
      'should answer the instance the slow path builds when given the valid sample of %s',
      (_name, cls, sample) => {
        const slow = slowPath(cls, sample, allowUnknown);
        expect(slow).toMatchObject({ ok: true });
        const fast = compileContract(cls, { allowUnknown })(sample);
        expect(fastPathGap(cls)).toBeUndefined();
        expect(fast).toBeDefined();
        expect(fast).toStrictEqual((slow as { value: object }).value);
        expect(differences(fast, (slow as { value: object }).value)).toEqual([]);
      },
    );

    it.each(SAMPLES.map(([cls, sample], index) => [`${cls.name} #${index}`, cls, sample] as const))(
      'should answer only what the slow path accepts, and the same instance, when the sample of %s is mutated',
      (_name, cls, sample) => {
        const problems = mutationsOf(cls, sample).flatMap(([label, plain]) =>
          unsoundness(cls, plain, allowUnknown).problems.map((problem) => `${label}: ${problem}`),
        );
        expect(problems).toEqual([]);
      },
    );
  });

  // The input rules run before either path (validateContract); the mutations above check that the fast path stays
  // sound for such values too, this checks that they are refused, with the path where they were put.
  it.each(SAMPLES.map(([cls, sample], index) => [`${cls.name} #${index}`, cls, sample] as const))(
    'should refuse every value no input may hold and name its path when it is put in the sample of %s',
    (_name, cls, sample) => {
      const problems: string[] = [];
      for (const node of nodesOf(sample, cls)) {
        // Below a property validated on its own (an import's rows, an envelope's payload) the rules are that validation's.
        if (separatelyCarried(cls, node.path)) continue;
        for (const key of Object.keys(node.value)) {
          if (!Array.isArray(node.value) && node.cls && separatelyValidated(node.cls).has(key)) continue;
          const field = [...node.path, key].join('.');
          for (const [label, value] of UNSAFE) {
            const result = validateContract(cls, mutate(sample, node.path, (target) => (target[key] = value)));
            const named = !result.ok && result.errors.length > 0 && result.errors.every((error) => error.field === field || error.field.startsWith(`${field}.`));
            if (!named) problems.push(`${field} = ${label}: ${JSON.stringify(result.ok ? 'accepted' : result.errors)}`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('should compile once when asked again for the same class and option', () => {
    expect(compileContract(CreateLeadInputV1)).toBe(compileContract(CreateLeadInputV1, { allowUnknown: false }));
    expect(compileContract(CreateLeadInputV1, { allowUnknown: true })).not.toBe(compileContract(CreateLeadInputV1));
  });
});

describe('compileContract with CreateLeadInputV1', () => {
  const fast = compileContract(CreateLeadInputV1);
  const minimal = { contact: { name: 'Irina Volkova' }, source: 'exhibition', direction: 'inbound' };

  it.each([
    ['expectedAmount comes with its currency', { ...minimal, expectedAmount: 100, currency: 'EUR' }],
    ['a currency comes alone', { ...minimal, currency: 'EUR' }],
    ['the company is left out', minimal],
    ['the company is null', { ...minimal, company: null }],
    ['the company is complete', { ...minimal, company: { name: 'Northwind', taxId: '7707083893' } }],
    ['the phone has brackets and dashes', { ...minimal, contact: { name: 'A', phone: '+7 (495) 123-45-67' } }],
  ])('should answer the instance when %s', (_case, plain) => {
    const value = fast(plain);
    expect(value).toBeInstanceOf(CreateLeadInputV1);
    expect(differences(value, (slowPath(CreateLeadInputV1, plain, false) as { value: object }).value)).toEqual([]);
  });

  it.each([
    ['currency', 'expectedAmount has no currency', { ...minimal, expectedAmount: 100 }],
    ['currency', 'the currency is not ISO 4217', { ...minimal, expectedAmount: 100, currency: 'euro' }],
    ['company.name', 'the company has no name', { ...minimal, company: { taxId: '7707083893' } }],
    ['company', 'the company is a string', { ...minimal, company: 'Northwind' }],
    ['contact.phone', 'the phone is words', { ...minimal, contact: { name: 'A', phone: 'call me' } }],
    ['contact.email', 'the email has no domain', { ...minimal, contact: { name: 'A', email: 'irina@' } }],
    ['unexpected', 'an unknown field is sent', { ...minimal, unexpected: true }],
  ])('should leave %s to the slow path when %s', (field, _case, plain) => {
    expect(fast(plain)).toBeUndefined();
    const result = validateContract(CreateLeadInputV1, plain);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain(field);
  });

  it('should name the phone rule when the phone is too short', () => {
    expect(validateContract(CreateLeadInputV1, { ...minimal, contact: { name: 'A', phone: '12' } })).toEqual({
      ok: false,
      errors: [{ field: 'contact.phone', message: 'phone must be digits with optional +, spaces, dashes or brackets' }],
    });
  });

  it('should drop unknown fields, nested ones too, when unknown fields are allowed', () => {
    const plain = { ...minimal, contact: { name: 'A', nickname: 'Ira' }, unexpected: 1 };
    const value = compileContract(CreateLeadInputV1, { allowUnknown: true })(plain);
    expect(value).toBeInstanceOf(CreateLeadInputV1);
    expect(value).not.toHaveProperty('unexpected');
    expect(value?.contact).not.toHaveProperty('nickname');
    expect(differences(value, (slowPath(CreateLeadInputV1, plain, true) as { value: object }).value)).toEqual([]);
  });

  it('should ignore a __proto__ key as class-transformer does when JSON carries one', () => {
    const plain = JSON.parse('{"contact":{"name":"A"},"source":"website","direction":"inbound","__proto__":{"polluted":true}}') as object;
    const value = fast(plain);
    expect(value).toBeInstanceOf(CreateLeadInputV1);
    expect(differences(value, (slowPath(CreateLeadInputV1, plain, false) as { value: object }).value)).toEqual([]);
  });

  it('should not answer when the input is not plain data it can copy exactly', () => {
    expect(fast(Object.assign(Object.create({ inherited: 1 }) as object, minimal))).toBeUndefined();
    expect(fast({ ...minimal, contact: Object.assign(new Date(), { name: 'A' }) })).toBeUndefined();
    expect(fast({ ...minimal, contact: new Map([['name', 'A']]) })).toBeUndefined();
    expect(fast({ ...minimal, then: () => undefined })).toBeUndefined();
  });
});

describe('compileContract outside its subset', () => {
  const asyncName = 'isEventuallyTrue';
  function IsEventuallyTrue(options?: ValidationOptions) {
    return (object: object, propertyName: string): void =>
      registerDecorator({ name: asyncName, target: object.constructor, propertyName, options, validator: { validate: async () => true } });
  }

  class WithGroups {
    @IsString({ groups: ['admin'] })
    name!: string;
  }
  class WithPromiseResult {
    @IsEventuallyTrue()
    name!: string;
  }
  class WithAccessor {
    @IsString()
    get name(): string {
      return 'fixed';
    }
  }
  class WithSetOfTags {
    @IsOptional()
    @IsIn(['a', 'b'], { each: true })
    tags?: Set<string>;
  }
  class WithUntypedNested {
    @ValidateNested()
    contact!: object;
  }
  class WithLongName {
    @MaxLength(3)
    name!: string;
  }
  class WithSetType {
    @Type(() => String)
    @IsString({ each: true })
    tags!: Set<string>;
  }

  it.each([
    [WithGroups, { name: 'A' }, 'name uses validation groups or always'],
    [WithAccessor, { name: 'A' }, 'name is on the prototype'],
  ] as Array<[Cls, object, string]>)('should name the reason when %p is outside the subset', (cls, plain, reason) => {
    expect(fastPathGap(cls)).toContain(reason);
    expect(compileContract(cls)(plain)).toBeUndefined();
  });

  it.each([
    [WithPromiseResult, { name: 'A' }],
    [WithSetOfTags, { tags: new Set(['a']) }],
    [WithUntypedNested, { contact: { name: 'A' } }],
    [WithLongName, { name: 'Anna' }],
  ] as Array<[Cls, object]>)('should leave %p to the slow path when given %p', (cls, plain) => {
    expect(compileContract(cls)(plain)).toBeUndefined();
    expect(compileContract(cls, { allowUnknown: true })(plain)).toBeUndefined();
  });

  it('should leave an array to the slow path when class-transformer would make it a Set', () => {
    expect(slowPath(WithSetType, { tags: ['a'] }, false)).toEqual({ ok: true, value: Object.assign(new WithSetType(), { tags: new Set(['a']) }) });
    expect(compileContract(WithSetType)({ tags: ['a'] })).toBeUndefined();
  });

  it('should still validate through the slow path when a class is outside the subset', () => {
    expect(validateContract(WithGroups, { name: 'A' })).toEqual({ ok: true, value: Object.assign(new WithGroups(), { name: 'A' }) });
    expect(validateContract(WithLongName, { name: 'Anna' })).toMatchObject({ ok: false, errors: [{ field: 'name' }] });
  });
});

describe('compileContract with @Transform', () => {
  class TrimmedNameV1 {
    @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
    @Transform(({ value, key, obj }: { value: unknown; key: string; obj: Record<string, unknown> }) =>
      value === 'from-key' ? `${key}:${String(obj.tag)}` : value,
    )
    @IsString()
    @MaxLength(8)
    name!: string;

    @IsOptional()
    @IsString()
    tag?: string;
  }
  class AdminOnlyTransformV1 {
    @Transform(() => 'changed', { groups: ['admin'] })
    @IsString()
    name!: string;
  }
  class OptionsWriterV1 {
    @Transform(({ value, options }: { value: unknown; options: object }) => {
      (options as Record<string, unknown>).seen = true;
      return value;
    })
    @IsString()
    name!: string;
  }

  it.each([
    ['a name to trim', TrimmedNameV1, { name: '  Anna  ' }, true],
    ['a name the second transform builds from its key and object', TrimmedNameV1, { name: ' from-key ', tag: 'x' }, true],
    ['a name too long once trimmed', TrimmedNameV1, { name: '  Annabella  ' }, false],
    ['a number, which the transforms leave', TrimmedNameV1, { name: 5 }, false],
    ['a transform of another group, which is not applied', AdminOnlyTransformV1, { name: 'Anna' }, true],
  ] as Array<[string, Cls, object, boolean]>)('should answer as the slow path does when given %s', (_case, cls, plain, valid) => {
    for (const allowUnknown of [false, true]) expect(unsoundness(cls, plain, allowUnknown).problems).toEqual([]);
    expect(fastPathGap(cls)).toBeUndefined();
    expect(compileContract(cls)(plain) !== undefined).toBe(valid);
  });

  it('should apply the transforms in the order class-transformer does', () => {
    expect(compileContract(TrimmedNameV1)({ name: ' from-key ', tag: 'x' })).toEqual(Object.assign(new TrimmedNameV1(), { name: 'name:x', tag: 'x' }));
  });

  it('should leave a transform that writes to its options to the slow path', () => {
    expect(compileContract(OptionsWriterV1)({ name: 'Anna' })).toBeUndefined();
    expect(validateContract(OptionsWriterV1, { name: 'Anna' })).toEqual({ ok: true, value: Object.assign(new OptionsWriterV1(), { name: 'Anna' }) });
  });
});

describe('compileContract with a per-rule validateIf', () => {
  class NoteV1 {
    @IsIn(['text', 'link'])
    kind!: string;

    @IsString()
    @MaxLength(10, { validateIf: (note: NoteV1) => note.kind === 'text' })
    body!: string;
  }

  it.each([
    ['a short text', { kind: 'text', body: 'short' }, true],
    ['a long text', { kind: 'text', body: 'far too long for a text' }, false],
    ['a long link', { kind: 'link', body: 'https://example.com/a/long/path' }, true],
  ])('should answer as the slow path does when given %s', (_case, plain, valid) => {
    expect(unsoundness(NoteV1, plain, false).problems).toEqual([]);
    expect(compileContract(NoteV1)(plain) !== undefined).toBe(valid);
  });
});

describe('compileContract with @IsEmail', () => {
  class EmailProbeV1 {
    @IsEmail()
    email!: string;
  }
  class EmailListProbeV1 {
    @IsEmail(undefined, { each: true })
    @Type(() => String)
    emails!: string[];
  }

  const letters = ['a', 'Z', '0', '9', '_', '+', '-', '.', '@', '"', ' ', 'é', '%', '!', 'ａ'];
  let seed = 42;
  const random = (below: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % below;
  };
  const word = (length: number): string => Array.from({ length }, () => letters[random(letters.length)]).join('');
  const label = (length: number): string => 'l'.repeat(length);
  const candidates = [
    ...Array.from({ length: 3000 }, () => `${word(1 + random(6))}@${word(1 + random(8))}.${word(1 + random(4))}`),
    ...Array.from({ length: 1000 }, () => word(3 + random(20))),
    `${'a'.repeat(64)}@example.com`,
    `${'a'.repeat(65)}@example.com`,
    `a@${label(63)}.com`,
    `a@${label(64)}.com`,
    `${'a'.repeat(64)}@${label(63)}.${label(63)}.${label(57)}.com`,
    `${'a'.repeat(64)}@${label(63)}.${label(63)}.${label(58)}.com`,
    'a@b.co',
    'a@b.c',
    'a@b.c0',
    'a@1.com',
    'a@-b.com',
    'a@b-.com',
    'a.@b.com',
    'a@b..com',
    'a@xn--80ak6aa92e.com',
    'a@b.xn--p1ai',
  ];

  it('should answer only addresses validator.js accepts when given random ones, alone and in arrays', () => {
    const problems = candidates.flatMap((email) => [
      ...unsoundness(EmailProbeV1, { email }, false).problems.map((problem) => `${email}: ${problem}`),
      ...unsoundness(EmailListProbeV1, { emails: [email, 'a@b.co'] }, false).problems.map((problem) => `[${email}]: ${problem}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('should ask validator.js when @IsEmail has options of its own', () => {
    class BlockedHostProbeV1 {
      @IsEmail({ host_blacklist: ['blocked.example'] })
      email!: string;
    }
    expect(unsoundness(BlockedHostProbeV1, { email: 'irina@blocked.example' }, false)).toEqual({ answered: false, problems: [] });
    expect(compileContract(BlockedHostProbeV1)({ email: 'irina@open.example' })).toBeInstanceOf(BlockedHostProbeV1);
  });

  it.each([
    ['a plain address', 'first.last+tag@mail.example.com', true],
    ['an address validator.js accepts beyond the plain shape', 'ирина@пример.рф', true],
    ['an address validator.js rejects', 'irina@northwind', false],
  ])('should answer as validator.js does when given %s', (_case, email, valid) => {
    expect(compileContract(EmailProbeV1)({ email }) !== undefined).toBe(valid);
    expect(validateContract(EmailProbeV1, { email }).ok).toBe(valid);
  });
});
