import type { Role } from '@saleswire/contracts';
import { cleanupSuite, eventually, PlatformUnderTest } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { operationsOf, partnerWithRecords, REGISTRATION_BODY, type PartnerRecords } from './route-scope';
import { ADMIN, tokenFor } from './support';

// Issue 12, item 1: every route of the OpenAPI document, tried as every role — admin, head of sales, two
// managers, a channel manager, two partners' users and an API key — against the records of the others. A role
// the route is not for gets 403 (whatever the record); a record outside the caller's scope 404, exactly like a
// record that does not exist; a read in scope 200, and a list holds exactly the records in scope. A route that
// is in the document but not in ROUTES fails the first test, so a new route cannot land without its scope.
// Writes that would succeed are not sent (they would change the records the other cases read): the suites of
// each feature make them; this one proves the refusals.

type Actor = 'admin' | 'head' | 'managerA' | 'managerB' | 'channel' | 'partnerOne' | 'partnerTwo' | 'key';
const ACTORS: readonly Actor[] = ['admin', 'head', 'managerA', 'managerB', 'channel', 'partnerOne', 'partnerTwo', 'key'];
/** The API key is a manager's key: it sees what is assigned to the key, which is nothing here. */
const ROLE_OF: Record<Actor, Role> = {
  admin: 'admin',
  head: 'head_of_sales',
  managerA: 'manager',
  managerB: 'manager',
  channel: 'channel_manager',
  partnerOne: 'partner_user',
  partnerTwo: 'partner_user',
  key: 'manager',
};

type Kind = 'lead' | 'deal' | 'customer' | 'partner' | 'registration' | 'submitted' | 'commission' | 'user' | 'directoryEntry' | 'apiKey' | 'importJob';

/** A record of the fixture, and who may see it (API.md, "Roles and scope"). */
interface Instance {
  name: string;
  id: string;
  visibleTo: (actor: Actor) => boolean;
}

const ALL: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user'];
const HEADS: readonly Role[] = ['admin', 'head_of_sales'];
const WORKS_DEALS: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];
const SEES_PARTNERS: readonly Role[] = ['admin', 'head_of_sales', 'channel_manager', 'partner_user'];
const RUNS_THE_NETWORK: readonly Role[] = ['admin', 'channel_manager'];
const REGISTERS_DEALS: readonly Role[] = ['admin', 'channel_manager', 'partner_user'];
const ADMIN_ONLY: readonly Role[] = ['admin'];
/** The company's own people read the directory (colleagues' names); partners' users do not. */
const THE_COMPANY: readonly Role[] = ['admin', 'head_of_sales', 'manager', 'channel_manager'];
const SETS_ROUTING: readonly Role[] = ['admin', 'channel_manager', 'head_of_sales'];

/** How the suite calls a route: the roles it is for, the record kind of its `{id}`, a body that is valid for it. */
interface RouteSpec {
  may: readonly Role[];
  kind?: Kind;
  /** A list of this kind: 200 holding exactly the fixture's records in the caller's scope. */
  lists?: Kind;
  query?: string;
  body?: object;
  ifMatch?: boolean;
  /** Not tried: public, or a write that runs other routes (each with its own scope). */
  skip?: string;
  /** A POST that changes no record (a token's refresh): sent, and 200 for the roles it is for. */
  changesNothing?: boolean;
  /** What an API key gets whatever its role: a route for users' own tokens. */
  keyAnswers?: 403 | 404;
}

const PAID_AT = '2026-09-15T10:00:00Z';

const ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/auth/token': { may: ALL, skip: 'public' },
  'POST /api/v1/auth/refresh': { may: ALL, changesNothing: true, keyAnswers: 403 },
  'POST /api/v1/batch': { may: ALL, skip: 'each operation goes through its own route (batch.e2e-spec)' },
  'POST /api/v1/users': { may: ADMIN_ONLY, body: {} },
  'GET /api/v1/users': { may: THE_COMPANY, lists: 'directoryEntry', query: 'limit=500' },
  'GET /api/v1/users/me': { may: ALL },
  'GET /api/v1/users/{id}': { may: ADMIN_ONLY, kind: 'user' },
  'PATCH /api/v1/users/{id}': { may: ADMIN_ONLY, kind: 'user', body: { name: 'Probe' }, ifMatch: true },
  'POST /api/v1/users/{id}/deactivate': { may: ADMIN_ONLY, kind: 'user', body: {} },
  'POST /api/v1/api-keys': { may: ADMIN_ONLY, body: {} },
  'GET /api/v1/api-keys': { may: ADMIN_ONLY, lists: 'apiKey' },
  'DELETE /api/v1/api-keys/{id}': { may: ADMIN_ONLY, kind: 'apiKey' },
  'POST /api/v1/leads': { may: ALL, body: {} },
  'GET /api/v1/leads': { may: ALL, lists: 'lead', query: 'limit=500' },
  'GET /api/v1/leads/{id}': { may: ALL, kind: 'lead' },
  'PATCH /api/v1/leads/{id}': { may: ALL, kind: 'lead', body: { comment: 'Probe' }, ifMatch: true },
  'POST /api/v1/leads/{id}/status': { may: ALL, kind: 'lead', body: { status: 'in_progress' } },
  'POST /api/v1/leads/{id}/convert': { may: WORKS_DEALS, kind: 'lead', body: {} },
  'POST /api/v1/leads/import': { may: ALL, body: [] },
  'GET /api/v1/leads/import/{jobId}': { may: ALL, kind: 'importJob' },
  'GET /api/v1/lead-assignment': { may: HEADS },
  'PUT /api/v1/lead-assignment': { may: HEADS, body: {} },
  'POST /api/v1/marketing-events': { may: HEADS, body: {} },
  'GET /api/v1/marketing-events': { may: WORKS_DEALS },
  'POST /api/v1/customers': { may: WORKS_DEALS, body: {} },
  'GET /api/v1/customers': { may: ALL, lists: 'customer', query: 'limit=500' },
  'GET /api/v1/customers/{id}': { may: ALL, kind: 'customer' },
  'GET /api/v1/customers/{id}/history': { may: ALL, kind: 'customer' },
  'GET /api/v1/pipelines': { may: ALL },
  'POST /api/v1/pipelines': { may: HEADS, body: {} },
  'POST /api/v1/deals': { may: WORKS_DEALS, body: {} },
  'GET /api/v1/deals': { may: ALL, lists: 'deal', query: 'limit=500' },
  'GET /api/v1/deals/{id}': { may: ALL, kind: 'deal' },
  'PATCH /api/v1/deals/{id}': { may: WORKS_DEALS, kind: 'deal', body: { title: 'Probe' }, ifMatch: true },
  'POST /api/v1/deals/{id}/stage': { may: WORKS_DEALS, kind: 'deal', body: { stage: 'qualification' } },
  'POST /api/v1/deals/{id}/payments': { may: WORKS_DEALS, kind: 'deal', body: { amount: 1, currency: 'EUR', paidAt: PAID_AT } },
  'GET /api/v1/repeat-sales/due': { may: ['admin', 'head_of_sales', 'manager'] },
  'POST /api/v1/partners': { may: RUNS_THE_NETWORK, body: {} },
  'GET /api/v1/partners': { may: SEES_PARTNERS, lists: 'partner', query: 'limit=500' },
  'GET /api/v1/partners/{id}': { may: SEES_PARTNERS, kind: 'partner' },
  'PATCH /api/v1/partners/{id}': { may: RUNS_THE_NETWORK, kind: 'partner', body: { name: 'Taken over' }, ifMatch: true },
  'POST /api/v1/partners/{id}/suspend': { may: RUNS_THE_NETWORK, kind: 'partner', body: {} },
  'POST /api/v1/partners/{id}/reactivate': { may: RUNS_THE_NETWORK, kind: 'partner', body: {} },
  'POST /api/v1/partners/{id}/deal-registrations': { may: REGISTERS_DEALS, kind: 'partner', body: REGISTRATION_BODY },
  'GET /api/v1/partners/{id}/commissions': { may: SEES_PARTNERS, kind: 'partner' },
  'GET /api/v1/deal-registrations': { may: SEES_PARTNERS, lists: 'registration', query: 'limit=500' },
  'GET /api/v1/deal-registrations/{id}': { may: SEES_PARTNERS, kind: 'registration' },
  'POST /api/v1/deal-registrations/{id}/approve': { may: RUNS_THE_NETWORK, kind: 'submitted', body: {} },
  'POST /api/v1/deal-registrations/{id}/reject': { may: RUNS_THE_NETWORK, kind: 'submitted', body: { reason: 'Probe' } },
  'POST /api/v1/deal-registrations/{id}/extend': { may: RUNS_THE_NETWORK, kind: 'registration', body: { days: 10 } },
  'POST /api/v1/deal-registrations/{id}/withdraw': { may: REGISTERS_DEALS, kind: 'submitted', body: {} },
  'GET /api/v1/commissions': { may: SEES_PARTNERS, lists: 'commission', query: 'limit=500' },
  'POST /api/v1/commissions/{id}/approve': { may: RUNS_THE_NETWORK, kind: 'commission', body: {} },
  'POST /api/v1/commissions/{id}/pay': { may: RUNS_THE_NETWORK, kind: 'commission', body: {} },
  'GET /api/v1/partner-routing': { may: SETS_ROUTING },
  'PUT /api/v1/partner-routing': { may: SETS_ROUTING, body: {} },
  'GET /api/v1/lead-offers': { may: SEES_PARTNERS },
  // Offers exist only once routing made them; partners-isolation.e2e-spec tries them across two partners.
  'POST /api/v1/lead-offers/{id}/accept': { may: REGISTERS_DEALS, body: {} },
  'POST /api/v1/lead-offers/{id}/decline': { may: REGISTERS_DEALS, body: { reason: 'Probe' } },
  'GET /api/v1/partners/{id}/feed': { may: SEES_PARTNERS, kind: 'partner', skip: 'a stream that never ends: partner-feed and partners-isolation e2e try it across partners' },
  'GET /api/v1/reports/lead-sources': { may: HEADS },
  'GET /api/v1/reports/funnel': { may: ALL },
  'GET /api/v1/reports/summary': { may: ALL },
  'GET /api/v1/reports/managers': { may: ['admin', 'head_of_sales', 'manager'] },
  'GET /api/v1/reports/partners': { may: SEES_PARTNERS },
  'GET /api/v1/reports/forecast': { may: ALL },
  'GET /api/v1/sales-plans': { may: ['admin', 'head_of_sales', 'manager'], query: 'month=2026-09' },
  'PUT /api/v1/sales-plans/{month}/department': { may: HEADS, body: { amount: 1, currency: 'EUR' } },
  'PUT /api/v1/sales-plans/{month}/{userId}': { may: HEADS, body: { amount: 1, currency: 'EUR' } },
  'GET /api/v1/dashboard': { may: WORKS_DEALS },
};

/** What the caller must get, or null when the call is an allowed write the suite does not send. */
function expected(actor: Actor, method: string, spec: RouteSpec, instance?: Instance): 200 | 403 | 404 | null {
  if (!spec.may.includes(ROLE_OF[actor])) return 403;
  if (instance && !instance.visibleTo(actor)) return 404;
  return method === 'GET' || spec.changesNothing ? 200 : null;
}

describe('gateway: every route as every role against the records of the others (booted platform, generated from the route table)', () => {
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    RPC_TIMEOUT_MS: '3000',
    RATE_LIMIT_USER_PER_SECOND: '10000',
    RATE_LIMIT_USER_BURST: '10000',
    RATE_LIMIT_PARTNER_PER_SECOND: '10000',
    RATE_LIMIT_PARTNER_BURST: '10000',
  });
  let gateway: string;
  let operations: string[] = [];
  const credentials = {} as Record<Actor, Record<string, string>>;
  const ids: Record<string, string> = {};
  const kinds = {} as Record<Kind, Instance[]>;

  const call = (actor: Actor, method: string, path: string, spec: RouteSpec): request.Test => {
    let req = request(gateway)[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set(credentials[actor]);
    if (spec.ifMatch) req = req.set('If-Match', '"1"');
    return spec.body === undefined || method === 'GET' ? req : req.send(spec.body);
  };
  const as = (actor: Actor) => ({
    post: (path: string, body: unknown) => request(gateway).post(`/api/v1${path}`).set(credentials[actor]).send(body as object),
    get: (path: string) => request(gateway).get(`/api/v1${path}`).set(credentials[actor]),
  });

  async function user(actor: Actor, role: Role): Promise<void> {
    const email = `${actor.toLowerCase()}@roles.e2e.test`;
    ids[actor] = (await as('admin').post('/users', { email, name: actor, role, password: 'password-e2e-roles' }).expect(201)).body.id;
    credentials[actor] = { Authorization: `Bearer ${await tokenFor(gateway, { email, password: 'password-e2e-roles' })}` };
  }

  beforeAll(async () => {
    // One after the other: five processes starting at once on a busy 2-core machine can miss the 30 s readiness.
    for (const app of ['leads', 'deals', 'partners', 'reporting', 'gateway']) await platform.start(app);
    gateway = platform.url('gateway');
    credentials.admin = { Authorization: `Bearer ${await tokenFor(gateway, ADMIN)}` };
    await user('head', 'head_of_sales');
    await user('managerA', 'manager');
    await user('managerB', 'manager');
    await user('channel', 'channel_manager');
    const key = (await as('admin').post('/api-keys', { name: 'roles suite', role: 'manager' }).expect(201)).body;
    credentials.key = { 'X-Api-Key': key.key };
    const partners: Record<'partnerOne' | 'partnerTwo', PartnerRecords> = {
      partnerOne: await partnerWithRecords(gateway, credentials.admin.Authorization.slice(7), 'Roles one'),
      partnerTwo: await partnerWithRecords(gateway, credentials.admin.Authorization.slice(7), 'Roles two'),
    };
    for (const side of ['partnerOne', 'partnerTwo'] as const) credentials[side] = { Authorization: `Bearer ${partners[side].token}` };

    const lead = async (name: string, extra: object): Promise<string> =>
      (await as('admin').post('/leads', { contact: { name }, source: 'website', direction: 'inbound', ...extra }).expect(201)).body.id;
    const customer = async (name: string, ownerId: string): Promise<string> =>
      (await as('admin').post('/customers', { kind: 'company', name, ownerId }).expect(201)).body.id;
    const deal = async (customerId: string, ownerId: string): Promise<string> =>
      (await as('admin').post('/deals', { title: 'Roles deal', customerId, amount: 10, currency: 'EUR', type: 'consultative', channel: 'direct', ownerId }).expect(201)).body.id;
    const customerA = await customer('Roles A GmbH', ids.managerA);
    const customerB = await customer('Roles B GmbH', ids.managerB);
    const importJob = (await as('managerA').post('/leads/import', [{ contact: { name: 'Imported' }, source: 'website', direction: 'inbound' }]).expect(202)).body.jobId as string;

    const everyone = (actor: Actor): boolean => actor === 'admin' || actor === 'head';
    const partnerSide = (actor: Actor, side: 'partnerOne' | 'partnerTwo'): boolean => everyone(actor) || actor === 'channel' || actor === side;
    const ofPartners = (kind: 'partner' | 'registration' | 'submitted' | 'commission', field: keyof PartnerRecords): Instance[] =>
      (['partnerOne', 'partnerTwo'] as const).map((side) => ({ name: `${kind} of ${side}`, id: partners[side][field], visibleTo: (actor) => partnerSide(actor, side) }));
    kinds.lead = [
      { name: "managerA's lead", id: await lead('Lead A', { assigneeId: ids.managerA }), visibleTo: (a) => everyone(a) || a === 'managerA' },
      { name: "managerB's lead", id: await lead('Lead B', { assigneeId: ids.managerB }), visibleTo: (a) => everyone(a) || a === 'managerB' },
      { name: "partner one's lead", id: await lead('Lead P1', { partnerId: partners.partnerOne.partner }), visibleTo: (a) => partnerSide(a, 'partnerOne') },
      { name: "partner two's lead", id: await lead('Lead P2', { partnerId: partners.partnerTwo.partner }), visibleTo: (a) => partnerSide(a, 'partnerTwo') },
    ];
    kinds.deal = [
      { name: "managerA's deal", id: await deal(customerA, ids.managerA), visibleTo: (a) => everyone(a) || a === 'managerA' },
      { name: "managerB's deal", id: await deal(customerB, ids.managerB), visibleTo: (a) => everyone(a) || a === 'managerB' },
      { name: "partner one's deal", id: partners.partnerOne.deal, visibleTo: (a) => partnerSide(a, 'partnerOne') },
      { name: "partner two's deal", id: partners.partnerTwo.deal, visibleTo: (a) => partnerSide(a, 'partnerTwo') },
    ];
    kinds.customer = [
      { name: "managerA's customer", id: customerA, visibleTo: (a) => everyone(a) || a === 'managerA' },
      { name: "managerB's customer", id: customerB, visibleTo: (a) => everyone(a) || a === 'managerB' },
      { name: "partner one's customer", id: partners.partnerOne.customer, visibleTo: (a) => partnerSide(a, 'partnerOne') },
      { name: "partner two's customer", id: partners.partnerTwo.customer, visibleTo: (a) => partnerSide(a, 'partnerTwo') },
    ];
    kinds.partner = ofPartners('partner', 'partner');
    kinds.registration = ofPartners('registration', 'registration');
    kinds.submitted = ofPartners('submitted', 'submitted');
    kinds.commission = ofPartners('commission', 'commission');
    kinds.user = [{ name: "managerB's user", id: ids.managerB, visibleTo: (a) => a === 'admin' }];
    // The directory lists every user to the company's people (the API key is a manager's), partners' users included.
    const inTheCompany = (a: Actor): boolean => THE_COMPANY.includes(ROLE_OF[a]);
    kinds.directoryEntry = [
      { name: "managerB's directory entry", id: ids.managerB, visibleTo: inTheCompany },
      { name: "the channel manager's directory entry", id: ids.channel, visibleTo: inTheCompany },
      { name: "partner one's user's directory entry", id: partners.partnerOne.user, visibleTo: inTheCompany },
    ];
    kinds.apiKey = [{ name: 'the API key', id: key.id, visibleTo: (a) => a === 'admin' }];
    kinds.importJob = [{ name: "managerA's import", id: importJob, visibleTo: (a) => everyone(a) || a === 'managerA' }];
    // The import's lead is assigned by no rule; wait until the job is done so it changes nothing later.
    await eventually(() => as('managerA').get(`/leads/import/${importJob}`), (r) => r.body.status === 'completed', { timeoutMs: 20_000, intervalMs: 100 });
    operations = await operationsOf(gateway);
  }, 180_000);

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should have a scope for every route of the OpenAPI document, and none for a route that is gone', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((operation) => !ROUTES[operation])).toEqual([]);
    expect(Object.keys(ROUTES).filter((operation) => !operations.includes(operation))).toEqual([]);
  });

  const tried = Object.entries(ROUTES).filter(([, spec]) => !spec.skip);
  describe.each(ACTORS)('as %s', (actor) => {
    it.each(tried)('%s', async (operation, spec) => {
      const [method, template] = operation.split(' ');
      const instances: Array<Instance | undefined> = spec.kind ? kinds[spec.kind] : [undefined];
      const failures: string[] = [];
      for (const instance of instances) {
        const want = operation === 'GET /api/v1/users/me' && actor === 'key' ? 404 : actor === 'key' && spec.keyAnswers ? spec.keyAnswers : expected(actor, method, spec, instance);
        if (want === null) continue;
        const path = (instance ? template.replace(/\{[^}]+\}/, instance.id) : template) + (spec.query ? `?${spec.query}` : '');
        const response = await call(actor, method, path, spec);
        const on = instance ? ` on ${instance.name}` : '';
        if (response.status !== want) {
          failures.push(`${operation}${on}: ${response.status} instead of ${want} (${JSON.stringify(response.body).slice(0, 160)})`);
          continue;
        }
        if (want === 404 && instance) {
          // Exactly like a record that does not exist: nothing tells the two apart.
          const none = await call(actor, method, template.replace(/\{[^}]+\}/, randomUUID()), spec);
          if (none.status !== 404 || none.body.title !== response.body.title) failures.push(`${operation}${on}: 404 "${response.body.title}", unlike a missing record (${none.status} "${none.body.title}")`);
        }
        if (want === 200 && spec.lists) {
          const listed = new Set((response.body.items as Array<{ id: string }>).map((item) => item.id));
          for (const record of kinds[spec.lists]) {
            if (listed.has(record.id) !== record.visibleTo(actor)) failures.push(`${operation}: ${record.name} ${listed.has(record.id) ? 'listed' : 'missing'}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });
});
