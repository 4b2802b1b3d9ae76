import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_CUSTOMER_V1,
  CREATE_DEAL_V1,
  type CreateCustomerInputV1,
  type CustomerViewV1,
  LIST_CUSTOMERS_V1,
  LIST_DEALS_V1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, provisionUsers, seedUserDirectory, suiteSchema, TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import { connectPg, DIRECTORY_USERS, HEAD, MANAGER_A, MANAGER_B, rpcClient, startDeals } from './support';

const CUSTOMERS: Record<string, CreateCustomerInputV1> = {
  olga: { kind: 'person', name: 'Olga Kozlova', email: 'Olga.Kozlova@Northwind.example', phone: '+7 (495) 123-45-67', taxId: '7707083893' },
  berezka: { kind: 'company', name: 'ООО «Берёзка»', email: 'office@berezka.example', phone: '8 800 555-35-35', taxId: '5001234567' },
  fedorov: { kind: 'person', name: 'Пётр ФЁДОРОВ', email: 'p.fedorov@mail.example', phone: '+49 30 1234567' },
  // Its name holds another customer's tax id: a piece of text, not a key, so it comes after the exact match.
  decoy: { kind: 'company', name: 'Holding 7707083893 Partners', email: 'info@holding.example' },
};

/**
 * What `q` finds (issue 16): a piece of a name or company in Latin or Cyrillic, in any case, `ё` as `е`; a whole
 * or partial email; a phone written any way; a tax id. A customer whose key is exactly the text comes first.
 */
describe('deals: search by q (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  const ids: Record<string, string> = {};

  const customerNames = async (q: string, actor = HEAD): Promise<string[]> => {
    const page = await rpc.send(LIST_CUSTOMERS_V1, { actor, query: { q } });
    return page.items.map((customer: CustomerViewV1) => customer.name);
  };
  const dealTitles = async (q: string, actor = HEAD): Promise<string[]> =>
    (await rpc.send(LIST_DEALS_V1, { actor, query: { q } })).items.map((deal) => deal.title).sort();

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await provisionUsers(producer);
    app = await startDeals();
    rpc = rpcClient();
    await seedUserDirectory(producer, pg, suiteSchema('deals'), DIRECTORY_USERS);
    for (const [key, input] of Object.entries(CUSTOMERS)) {
      ids[key] = (await rpc.send(CREATE_CUSTOMER_V1, { actor: key === 'fedorov' ? MANAGER_B : MANAGER_A, input })).id;
    }
    const deal = (title: string, customer: string, actor = MANAGER_A) =>
      rpc.send(CREATE_DEAL_V1, { actor, input: { title, customerId: ids[customer], amount: 100, currency: 'EUR', type: 'transactional', channel: 'direct' } });
    await deal('Scanners for Northwind', 'olga');
    await deal('Поставка сканеров для «Берёзки»', 'berezka');
    await deal('Ёлочные игрушки, 100%_годовых', 'fedorov', MANAGER_B);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it.each<[string, string, string[]]>([
    ['a piece of a Latin name in another case', 'kozLOV', ['Olga Kozlova']],
    ['a piece of a Cyrillic name written with е for ё', 'березк', ['ООО «Берёзка»']],
    ['a Cyrillic name in capitals with ё', 'ФЁДОРОВ', ['Пётр ФЁДОРОВ']],
    ['a Cyrillic name in lower case without ё', 'петр федоров', ['Пётр ФЁДОРОВ']],
    ['a whole email in another case', 'OLGA.KOZLOVA@NORTHWIND.EXAMPLE', ['Olga Kozlova']],
    ['a partial email', 'fedorov@mail', ['Пётр ФЁДОРОВ']],
    ['an email domain', 'berezka.example', ['ООО «Берёзка»']],
    ['a phone written as digits only', '74951234567', ['Olga Kozlova']],
    ['a phone written with punctuation', '+7 495 123 45 67', ['Olga Kozlova']],
    ['a piece of a phone', '(495) 123', ['Olga Kozlova']],
    ['a phone with spaces', '8 (800) 555 35 35', ['ООО «Берёзка»']],
    // One phone rule (ADR 0019): the trunk 8 is +7, whichever way the customer's phone was stored.
    ['a phone stored with 8, asked with +7', '+7 800 555-35-35', ['ООО «Берёзка»']],
    ['a phone stored with +7, asked with 8', '8 495 123 45 67', ['Olga Kozlova']],
    ['a piece of a phone asked with 8', '8 (495) 123', ['Olga Kozlova']],
    ['a phone asked with 00', '0049 30 1234567', ['Пётр ФЁДОРОВ']],
    ['a tax id written with spaces', '500 123 4567', ['ООО «Берёзка»']],
    ['a word nobody has', 'zzqxw', []],
    ['pattern characters, which are literal', '%', []],
  ])('should find customers by %s when q is %s', async (_what, q, expected) => {
    expect((await customerNames(q)).sort()).toEqual(expected.sort());
  });

  it('should rank the customer whose tax id is exactly q before one that merely contains it', async () => {
    expect(await customerNames('7707083893')).toEqual(['Olga Kozlova', 'Holding 7707083893 Partners']);
  });

  it('should rank the exact email match first and page on through the rest without repeating it', async () => {
    const first = await rpc.send(LIST_CUSTOMERS_V1, { actor: HEAD, query: { q: 'olga.kozlova@northwind.example', limit: 1 } });
    expect(first.items.map((c) => c.name)).toEqual(['Olga Kozlova']);
    const everyone = await rpc.send(LIST_CUSTOMERS_V1, { actor: HEAD, query: { q: '7707083893', limit: 1 } });
    expect(everyone.items.map((c) => c.name)).toEqual(['Olga Kozlova']);
    const next = await rpc.send(LIST_CUSTOMERS_V1, { actor: HEAD, query: { q: '7707083893', limit: 1, cursor: everyone.nextCursor! } });
    expect(next.items.map((c) => c.name)).toEqual(['Holding 7707083893 Partners']);
    expect(next.nextCursor).toBeNull();
  });

  it('should search only within the caller’s scope when a manager searches', async () => {
    expect(await customerNames('федоров', MANAGER_A)).toEqual([]);
    expect(await customerNames('федоров', MANAGER_B)).toEqual(['Пётр ФЁДОРОВ']);
  });

  it.each<[string, string, string[]]>([
    ['a piece of a Latin title in another case', 'NORTHW', ['Scanners for Northwind']],
    ['a Cyrillic title with е for ё', 'березки', ['Поставка сканеров для «Берёзки»']],
    ['a Cyrillic title starting with Ё, in lower case without ё', 'елочные', ['Ёлочные игрушки, 100%_годовых']],
    ['pattern characters, which are literal', '100%_', ['Ёлочные игрушки, 100%_годовых']],
    ['a word nobody has', 'zzqxw', []],
    // Issue 16: a deal is found by its customer's name too (kept on the deal, migration 1765800000000).
    ["a piece of the customer's Latin name in another case", 'KOZLOV', ['Scanners for Northwind']],
    ["the customer's Cyrillic name in lower case without ё", 'петр федоров', ['Ёлочные игрушки, 100%_годовых']],
    ["the customer's company name with its quotes", '«берёзка»', ['Поставка сканеров для «Берёзки»']],
    ['a text running from the title into the customer’s name, which is no text of either', 'northwind olga', []],
  ])('should find deals by %s when q is %s', async (_what, q, expected) => {
    expect(await dealTitles(q)).toEqual(expected);
  });

  it('should find only the manager’s own deals when a manager searches', async () => {
    expect(await dealTitles('елочные', MANAGER_A)).toEqual([]);
    expect(await dealTitles('елочные', MANAGER_B)).toEqual(['Ёлочные игрушки, 100%_годовых']);
  });

  it("should find a deal by its customer's new name once the customer is renamed, and no longer by the old one", async () => {
    // No route renames a customer yet: the database keeps the deals' copy whatever changes the name.
    await pg.query(`UPDATE "${suiteSchema('deals')}".customer SET name = 'Olga Smirnova' WHERE id = $1`, [ids.olga]);
    expect(await dealTitles('smirnova')).toEqual(['Scanners for Northwind']);
    expect(await dealTitles('kozlova')).toEqual([]);
    expect(await dealTitles('smirnova', MANAGER_B)).toEqual([]);
  });
});
