import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CHANNEL_CONFLICT_DETECTED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  type DealRegistrationViewV1,
  type PartnerViewV1,
  type RpcContract,
  SUBMIT_DEAL_REGISTRATION_V1,
  type SubmitDealRegistrationRequestV1,
  SUSPEND_PARTNER_V1,
} from '@saleswire/contracts';
import { RequestKeyScope, runWithRequestKey, type RpcClient } from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { channelKeys } from '../src/channel-index/channel-keys';
import { ConflictFinder } from '../src/channel-index/conflict.finder';
import { CHANNEL, connectPg, createPartner, publishedEvents, registrationInput, rows, rpcClient, startPartners } from './support';

/** Concurrent requests on two cores under other suites' load may wait a while for their group. */
const SLOW_RPC_MS = 60_000;

/**
 * Group commit (issue 14): concurrent submissions are applied in shared transactions, each checked against the
 * registrations submitted before it, in its own group as well as in committed ones.
 */
describe('partners: group commit of deal registration submissions (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let pg: Client;
  let producer: TestProducer;
  let alpha: PartnerViewV1;
  let beta: PartnerViewV1;
  let gamma: PartnerViewV1;
  const schema = suiteSchema('partners');

  async function send<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, key?: string): Promise<{ reply: Res; replayed: boolean }> {
    if (!key) return { reply: await rpc.send(contract, data, SLOW_RPC_MS), replayed: false };
    const scope = new RequestKeyScope({ principalId: CHANNEL.id, key, fingerprint: `fp-${key}` }, 'http', contract.subject);
    const reply = await runWithRequestKey(scope, () => rpc.send(contract, data, SLOW_RPC_MS));
    return { reply, replayed: scope.replayed };
  }

  async function groupsOf(group: string): Promise<{ groups: number; commands: number }> {
    const { values } = await app.get(Metrics).commandGroupSize.get();
    const of = (name: string) => values.find((v) => v.metricName === name && v.labels.group === group)?.value ?? 0;
    return { groups: of('saleswire_command_group_size_count'), commands: of('saleswire_command_group_size_sum') };
  }

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    await producer.provision('deals');
    app = await startPartners();
    rpc = rpcClient();
    alpha = await createPartner(rpc, { name: 'Alpha Grouped' });
    beta = await createPartner(rpc, { name: 'Beta Grouped' });
    gamma = await createPartner(rpc, { name: 'Gamma Grouped' });
    await rpc.send(SUSPEND_PARTNER_V1, { actor: CHANNEL, id: gamma.id, input: { reason: 'Unpaid certification fee' } });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should take concurrent submissions in shared transactions, each meeting the ones submitted before it, the refused storing nothing, the keyed recorded once', async () => {
    const before = await groupsOf('submit-registration');
    /** A customer no other request names: a made-up company name and tax id. */
    const customer = () => ({ name: `Firma ${randomUUID().slice(0, 13)}`, taxId: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)) });
    type Request = { data: SubmitDealRegistrationRequestV1; key?: string; pair?: number; refused?: boolean };
    const requests: Request[] = [];
    for (let i = 0; i < 70; i++) requests.push({ data: { actor: CHANNEL, partnerId: i % 2 ? alpha.id : beta.id, input: registrationInput(customer()) } });
    // Ten sent twice at once with one key each: one registration for both.
    for (let i = 0; i < 10; i++) {
      const request = { data: { actor: CHANNEL, partnerId: alpha.id, input: registrationInput(customer()) }, key: randomUUID() };
      requests.push(request, { ...request });
    }
    // Ten customers registered by alpha and by beta at once: whichever goes second meets the first.
    for (let pair = 0; pair < 10; pair++) {
      const shared = customer();
      requests.push({ data: { actor: CHANNEL, partnerId: alpha.id, input: registrationInput(shared) }, pair }, { data: { actor: CHANNEL, partnerId: beta.id, input: registrationInput(shared) }, pair });
    }
    // Five for the suspended partner: refused alone.
    for (let i = 0; i < 5; i++) requests.push({ data: { actor: CHANNEL, partnerId: gamma.id, input: registrationInput(customer()) }, refused: true });
    const order = requests.map((_, i) => i).sort(() => Math.random() - 0.5);
    const settledShuffled = await Promise.allSettled(order.map((i) => send(SUBMIT_DEAL_REGISTRATION_V1, requests[i].data, requests[i].key)));
    const settled: Array<PromiseSettledResult<{ reply: DealRegistrationViewV1; replayed: boolean }>> = [];
    order.forEach((i, j) => (settled[i] = settledShuffled[j]));

    const taken: DealRegistrationViewV1[] = [];
    settled.forEach((result, i) => {
      if (requests[i].refused) {
        expect(result).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ status: 422 }) });
        return;
      }
      if (result.status === 'rejected') throw new Error(`registration ${i} failed: ${String(result.reason)}`);
      const { reply, replayed } = result.value;
      expect(reply).toMatchObject({ partnerId: requests[i].data.partnerId, status: 'submitted', customer: expect.objectContaining({ name: requests[i].data.input.customer.name }) });
      if (!replayed) taken.push(reply);
    });
    expect(taken).toHaveLength(70 + 10 + 20);
    expect(new Set(taken.map((r) => r.id)).size).toBe(taken.length);
    // The keyed twins: the same registration, one of them replayed.
    for (let i = 70; i < 90; i += 2) {
      const [a, b] = [settled[i], settled[i + 1]] as Array<PromiseFulfilledResult<{ reply: DealRegistrationViewV1; replayed: boolean }>>;
      expect(b.value.reply).toEqual(a.value.reply);
      expect([a.value.replayed, b.value.replayed].sort()).toEqual([false, true]);
    }
    // Customers of their own meet nothing; of each pair exactly one meets the other, wherever each was applied.
    for (let i = 0; i < 90; i++) expect((settled[i] as PromiseFulfilledResult<{ reply: DealRegistrationViewV1 }>).value.reply.conflicts).toEqual([]);
    for (let pair = 0; pair < 10; pair++) {
      const [a, b] = requests.flatMap((r, i) => (r.pair === pair ? [(settled[i] as PromiseFulfilledResult<{ reply: DealRegistrationViewV1 }>).value.reply] : []));
      const meeting = [a, b].filter((r) => r.conflict);
      expect(meeting).toHaveLength(1);
      const other = meeting[0] === a ? b : a;
      expect(meeting[0].conflicts).toEqual([expect.objectContaining({ kind: 'registration', id: other.id })]);
      expect(other.conflicts).toEqual([]);
    }
    // Stored once each; nothing for the suspended partner.
    const stored = await rows<{ id: string }>(pg, 'deal_registration', 'id = ANY($1::uuid[])', [taken.map((r) => r.id)]);
    expect(stored).toHaveLength(taken.length);
    expect(await rows(pg, 'deal_registration', 'partner_id = $1', [gamma.id])).toHaveLength(0);
    // Grouped: fewer transactions than registrations, and the metric saw groups of more than one.
    const { rows: xmins } = await pg.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM "${schema}".deal_registration WHERE id = ANY($1::uuid[])`, [taken.map((r) => r.id)]);
    expect(xmins[0].n).toBeLessThan(taken.length);
    const after = await groupsOf('submit-registration');
    expect(after.commands - before.commands).toBeGreaterThan(after.groups - before.groups);
    // Announced once each, and one conflict per pair.
    const ids = new Set(taken.map((r) => r.id));
    const events = await eventually(
      async () => (await publishedEvents(producer)).filter((e) => ids.has(e.aggregateId)),
      (all) => all.filter((e) => e.type === DEAL_REGISTRATION_SUBMITTED_V1.type).length >= taken.length && all.filter((e) => e.type === CHANNEL_CONFLICT_DETECTED_V1.type).length >= 10,
    );
    expect(events.filter((e) => e.type === DEAL_REGISTRATION_SUBMITTED_V1.type).map((e) => e.aggregateId).sort()).toEqual([...ids].sort());
    expect(events.filter((e) => e.type === CHANNEL_CONFLICT_DETECTED_V1.type)).toHaveLength(10);
  });

  it('should check each submission of a group against other partners’ registrations only, as alone', async () => {
    const customer = () => ({ name: `Firma ${randomUUID().slice(0, 13)}`, taxId: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)) });
    const submit = (partnerId: string, of: ReturnType<typeof customer>) => send(SUBMIT_DEAL_REGISTRATION_V1, { actor: CHANNEL, partnerId, input: registrationInput(of) });
    // Committed first, one at a time: ten customers registered by alpha, ten by beta.
    const ofAlpha = Array.from({ length: 10 }, customer);
    const ofBeta = Array.from({ length: 10 }, customer);
    const earlier = new Map<string, string>();
    for (const [partnerId, customers] of [[alpha.id, ofAlpha], [beta.id, ofBeta]] as const) {
      for (const of of customers) earlier.set(of.name, (await submit(partnerId, of)).reply.id);
    }
    // Then alpha registers all twenty at once, sharing no key within the group: its own earlier registrations are
    // no conflict, beta's are.
    const all = [...ofAlpha, ...ofBeta];
    const replies = (await Promise.all(all.map((of) => submit(alpha.id, of)))).map(({ reply }) => reply);
    replies.forEach((reply, i) => {
      if (i < 10) expect(reply.conflicts).toEqual([]);
      else expect(reply.conflicts).toEqual([expect.objectContaining({ kind: 'registration', id: earlier.get(all[i].name), matchedOn: 'tax_id' })]);
    });
  });

  it('should lock a lone submission’s keys too: one sharing a key with a transaction in flight waits for its commit', async () => {
    const customer = { name: `Firma ${randomUUID().slice(0, 13)}`, taxId: String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)) };
    // Another transaction holds one of the customer's keys, as a submission or an approval in flight would.
    const holder = app.get(DataSource).createQueryRunner();
    await holder.startTransaction();
    await app.get(ConflictFinder).lockKeys(holder.manager, [channelKeys(customer)[0]]);
    let answered = false;
    let submitting: Promise<unknown> | undefined;
    try {
      submitting = send(SUBMIT_DEAL_REGISTRATION_V1, { actor: CHANNEL, partnerId: alpha.id, input: registrationInput(customer) }).then((result) => {
        answered = true;
        return result.reply;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(answered).toBe(false);
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    expect(await submitting).toMatchObject({ partnerId: alpha.id, status: 'submitted' });
  });
});
