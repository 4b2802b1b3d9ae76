import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type CreateCustomerInputV1,
  CUSTOMER_CREATED_V1,
  type CustomerIdentityV1,
  type CustomerViewV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type ListCustomersQueryV1,
  type Page,
  type ResolvedCustomerV1,
} from '@saleswire/contracts';
import { findWhereAny, namedEntities, schemaOf, searchPage, uuidv7, type TextCondition } from '@saleswire/database';
import { idAfterCursor, NotFoundError, Outbox, UserDirectory, type OutboxTransaction } from '@saleswire/messaging';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { CustomerExistsError } from '../common/deals.errors';
import { customerScope } from '../common/record-scope';
import { CustomerContactEntity, CustomerEntity } from './customer.entity';
import { hasAnyKey, identityKeys, matchCustomer, type IdentityKeys } from './customer-match.policy';
import { toCustomerCreated, toCustomerView } from './customer.mapper';
import { customerSearch, type CustomerSearch } from './customer-search';

const AFTER_EVERY_ID = 'ffffffff-ffff-7fff-bfff-ffffffffffff';
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Identity = Pick<CustomerIdentityV1, 'kind' | 'name' | 'taxId' | 'email' | 'phone' | 'ownerId'>;

/** The client base: customers created by hand, resolved by identity, listed and read in the caller's scope. */
@Injectable()
export class CustomerService {
  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
  ) {}

  /**
   * `POST /customers`: a new customer; one that matches an existing customer is a 409 naming it. With an
   * idempotency key, a retry answers the customer the first attempt created, not that 409.
   */
  create(input: CreateCustomerInputV1, actor: ActorV1): Promise<CustomerViewV1> {
    const owner = input.ownerId ?? (actor.role === 'manager' ? actor.id : undefined);
    // An owner named by the request must be an active user (ADR 0016); checked before the transaction.
    const named = input.ownerId ? [{ field: 'ownerId', userId: input.ownerId }] : [];
    return this.outbox.command(() => this.directory.assertActive(named), async (tx) => {
      const keys = identityKeys(input);
      const existing = await this.findMatch(tx.manager, keys);
      if (existing) throw new CustomerExistsError(existing.id, matchedFields(keys, existing));
      const inserted = await this.insert(tx, { ...input, ownerId: owner }, keys, actor);
      if (!inserted) {
        const winner = await this.findMatch(tx.manager, keys);
        throw new CustomerExistsError(winner?.id ?? 'unknown', winner ? matchedFields(keys, winner) : ['taxId', 'email', 'phone']);
      }
      const contacts = (input.contacts ?? []).map((contact) =>
        tx.manager.create(CustomerContactEntity, {
          id: uuidv7(),
          customerId: inserted.id,
          name: contact.name.trim(),
          position: contact.position?.trim() || null,
          email: contact.email?.trim() || null,
          phone: contact.phone?.trim() || null,
        }),
      );
      if (contacts.length) await tx.manager.insert(CustomerContactEntity, contacts);
      return toCustomerView(inserted, contacts);
    });
  }

  /** `rpc.deals.resolve-customer.v1`: the matching customer, or a new one. */
  async resolve(identity: Identity, actor: ActorV1): Promise<ResolvedCustomerV1> {
    const { customer, created } = await this.outbox.transaction((tx) => this.resolveIn(tx, identity, actor));
    return { customerId: customer.id, ownerId: customer.ownerId, created };
  }

  /**
   * Finds the customer matching the identity or creates it, inside the caller's transaction. Safe under
   * concurrency: the normalised keys are unique, so of two simultaneous creations one inserts and the other's
   * insert does nothing and finds the first one's customer.
   */
  async resolveIn(tx: OutboxTransaction, identity: Identity, actor: ActorV1): Promise<{ customer: CustomerEntity; created: boolean }> {
    const keys = identityKeys(identity);
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.findMatch(tx.manager, keys);
      if (existing) return { customer: existing, created: false };
      const inserted = await this.insert(tx, identity, keys, actor);
      if (inserted) return { customer: inserted, created: true };
    }
    throw new Error('customer identity kept colliding without a match');
  }

  async get(id: string, actor: ActorV1): Promise<CustomerViewV1> {
    const customer = await this.findVisible(id, actor);
    return toCustomerView(customer, await this.contactsOf(this.dataSource.manager, [customer.id]));
  }

  /** The customer with this id, whoever may see it; null when there is none. */
  findById(manager: EntityManager, id: string): Promise<CustomerEntity | null> {
    return manager.findOneBy(CustomerEntity, { id });
  }

  /** Those of these customers that exist and that the actor may see, in one look-up. */
  async visibleIds(manager: EntityManager, ids: readonly string[], actor: ActorV1): Promise<Set<string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Set();
    const qb = manager.getRepository(CustomerEntity).createQueryBuilder('c').select('c.id', 'id').where('c.id IN (:...ids)', { ids: wanted });
    const scope = customerScope(actor, 'c', this.schema);
    if (scope) qb.andWhere(scope.sql, scope.params);
    const rows: Array<{ id: string }> = await qb.getRawMany();
    return new Set(rows.map((row) => row.id));
  }

  /** The customer if it exists and the actor may see it; otherwise a 404. */
  async findVisible(id: string, actor: ActorV1): Promise<CustomerEntity> {
    const qb = this.dataSource.manager.getRepository(CustomerEntity).createQueryBuilder('c').where('c.id = :id', { id });
    const scope = customerScope(actor, 'c', this.schema);
    if (scope) qb.andWhere(scope.sql, scope.params);
    // One shape per role, by the primary key: planned once per connection.
    const [customer] = await namedEntities(this.dataSource, qb);
    if (!customer) throw new NotFoundError('Customer', id);
    return customer;
  }

  /**
   * `GET /customers`: newest first by keyset on the id. With `q`, the customers whose tax id, email or phone is
   * exactly the text come first (on the first page), then every other match newest first.
   */
  async list(query: ListCustomersQueryV1, actor: ActorV1): Promise<Page<CustomerViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const search = query.q ? customerSearch(query.q) : null;
    const exact = search ? await this.exactMatches(query, actor, search) : [];
    const rest = this.listQuery({ ...query, q: undefined }, actor);
    if (exact.length) rest.andWhere('c.id NOT IN (:...exactIds)', { exactIds: exact.map((customer) => customer.id) });
    const first = idAfterCursor(query.cursor) === undefined;
    const ranked = first ? exact.slice(0, limit) : [];
    const take = limit - ranked.length + 1;
    const rows = search ? await searchPage(rest, searchCondition(search), take) : await rest.take(take).getMany();
    const page = [...ranked, ...rows.slice(0, limit - ranked.length)];
    const contacts = await this.contactsOf(this.dataSource.manager, page.map((customer) => customer.id));
    const items = page.map((customer) => toCustomerView(customer, contacts.filter((contact) => contact.customerId === customer.id)));
    // A first page filled by exact matches continues from the newest of the rest: "after" the greatest id.
    const last = rows[limit - ranked.length - 1]?.id ?? AFTER_EVERY_ID;
    return { items, nextCursor: rows.length > limit - ranked.length ? encodeCursor({ id: last }) : null };
  }

  /** The page's query as `list` runs it, without the exact matches' ranking: what the plan tests explain. */
  listQuery(query: ListCustomersQueryV1, actor: ActorV1): SelectQueryBuilder<CustomerEntity> {
    const qb = this.filtered(query, actor);
    if (query.q) {
      const condition = searchCondition(customerSearch(query.q));
      qb.andWhere(condition.sql, condition.params);
    }
    const after = idAfterCursor(query.cursor);
    if (after) qb.andWhere('c.id < :after', { after });
    return qb.orderBy('c.id', 'DESC');
  }

  /** The customers in scope whose tax id, email or phone is exactly the search text (each key is unique: at most 3). */
  private async exactMatches(query: ListCustomersQueryV1, actor: ActorV1, search: CustomerSearch): Promise<CustomerEntity[]> {
    const keys = Object.entries(search.exact).filter(([, value]) => value !== null);
    if (keys.length === 0) return [];
    const qb = this.filtered(query, actor);
    qb.andWhere(
      new Brackets((or) => {
        for (const [key, value] of keys) or.orWhere(`c.${snake(key)} = :exact_${key}`, { [`exact_${key}`]: value });
      }),
    );
    return qb.orderBy('c.id', 'DESC').getMany();
  }

  private filtered(query: ListCustomersQueryV1, actor: ActorV1): SelectQueryBuilder<CustomerEntity> {
    const qb = this.dataSource.getRepository(CustomerEntity).createQueryBuilder('c');
    const scope = customerScope(actor, 'c', this.schema);
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (query.ownerId) qb.andWhere('c.owner_id = :ownerId', { ownerId: query.ownerId });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    return qb;
  }

  /** The contacts of these customers, in the order they were given. */
  async contactsOf(manager: EntityManager, customerIds: string[]): Promise<CustomerContactEntity[]> {
    return findWhereAny(manager, CustomerContactEntity, 'customerId', customerIds, { id: 'ASC' });
  }

  private get schema(): string {
    return schemaOf(this.dataSource);
  }

  private async findMatch(manager: EntityManager, keys: IdentityKeys): Promise<CustomerEntity | null> {
    if (!hasAnyKey(keys)) return null;
    const qb = manager.getRepository(CustomerEntity).createQueryBuilder('c');
    const conditions: string[] = [];
    if (keys.taxIdKey) conditions.push('c.tax_id_key = :taxIdKey');
    if (keys.emailKey) conditions.push('c.email_key = :emailKey');
    if (keys.phoneKey) conditions.push('c.phone_key = :phoneKey');
    const candidates = await qb
      .where(`(${conditions.join(' OR ')})`, { ...keys })
      .orderBy('c.id', 'ASC')
      .getMany();
    return matchCustomer(keys, candidates);
  }

  /** Inserts the customer and its `customer.created` event; null when a concurrent insert took one of its keys. */
  private async insert(tx: OutboxTransaction, identity: Identity, keys: IdentityKeys, actor: ActorV1): Promise<CustomerEntity | null> {
    const id = uuidv7();
    const rows: Array<{ id: string }> = await tx.manager.query(
      `INSERT INTO ${this.schema}.customer
         (id, version, kind, name, tax_id, email, phone, tax_id_key, email_key, phone_key, owner_id, created_by)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        identity.kind,
        identity.name.trim(),
        identity.taxId?.trim() || null,
        identity.email?.trim() || null,
        identity.phone?.trim() || null,
        keys.taxIdKey,
        keys.emailKey,
        keys.phoneKey,
        identity.ownerId ?? null,
        actor.id,
      ],
    );
    if (rows.length === 0) return null;
    const customer = await tx.manager.findOneByOrFail(CustomerEntity, { id });
    tx.emit(CUSTOMER_CREATED_V1, { aggregateId: id, aggregateVersion: customer.version, actor, payload: toCustomerCreated(customer) });
    return customer;
  }
}

function matchedFields(keys: IdentityKeys, customer: IdentityKeys): string[] {
  const fields: string[] = [];
  if (keys.taxIdKey && keys.taxIdKey === customer.taxIdKey) fields.push('taxId');
  if (keys.emailKey && keys.emailKey === customer.emailKey) fields.push('email');
  if (keys.phoneKey && keys.phoneKey === customer.phoneKey) fields.push('phone');
  return fields;
}

/** A piece of a name, an email or a tax id, or a phone's digits, in the stored search key (its trigram index answers). */
function searchCondition(search: CustomerSearch): TextCondition {
  if (!search.digits) return { sql: 'c.search_key LIKE :qText', params: { qText: search.text } };
  return { sql: '(c.search_key LIKE :qText OR c.search_key LIKE :qDigits)', params: { qText: search.text, qDigits: search.digits } };
}
