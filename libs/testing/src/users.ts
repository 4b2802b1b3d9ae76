import { randomUUID } from 'node:crypto';
import { USER_CREATED_V1, USER_DEACTIVATED_V1, userCreatedV1Fixture, type EventEnvelope, type Role, type UserFactsV1 } from '@saleswire/contracts';
import type { Client } from 'pg';
import type { TestProducer } from './jetstream';
import { eventually } from './suite';

/** A user as a service's directory should know it. */
export interface DirectoryUser {
  id: string;
  role?: Role;
  partnerId?: string | null;
  active?: boolean;
}

/** Creates this suite's IAM_EVENTS stream as the gateway would; a stream already there is kept. */
export async function provisionUsers(producer: TestProducer): Promise<void> {
  await producer.provision('iam').catch(() => undefined);
}

/**
 * Publishes the user events of the catalogue's fixture (created, then deactivated for an inactive user) with
 * these ids into this suite's IAM_EVENTS, and waits until the service's `user_directory` in `schema` holds them:
 * what the gateway does when users are made, for suites that run a service without it.
 */
export async function seedUserDirectory(producer: TestProducer, pg: Client, schema: string, users: readonly DirectoryUser[]): Promise<void> {
  await provisionUsers(producer);
  for (const user of users) await publishUser(producer, user);
  const ids = users.map((user) => user.id);
  const versions = new Map(users.map((user) => [user.id, user.active === false ? 2 : 1]));
  await eventually(
    async () => (await pg.query(`SELECT user_id, version FROM "${schema}".user_directory WHERE user_id = ANY($1::uuid[])`, [ids])).rows as Array<{ user_id: string; version: number }>,
    (rows) => rows.length === ids.length && rows.every((row) => row.version >= versions.get(row.user_id)!),
    { timeoutMs: 20_000 },
  );
}

/**
 * Publishes `user.created` (and `user.deactivated` for an inactive user) for this id into the suite's IAM_EVENTS,
 * the stream the gateway made: for an id the directory must know that is no user of the gateway (an API key).
 */
export async function publishUser(producer: TestProducer, user: DirectoryUser): Promise<void> {
  const payload: UserFactsV1 = {
    ...userCreatedV1Fixture.payload,
    userId: user.id,
    email: `${user.id}@directory.test`,
    name: `User ${user.id.slice(-4)}`,
    role: user.role ?? 'manager',
    partnerId: user.partnerId ?? null,
    active: true,
  };
  const created: EventEnvelope<UserFactsV1> = { ...userCreatedV1Fixture, eventId: randomUUID(), aggregateId: user.id, aggregateVersion: 1, payload };
  await producer.publish(USER_CREATED_V1.subject, created);
  if (user.active === false) {
    await producer.publish(USER_DEACTIVATED_V1.subject, {
      ...created,
      eventId: randomUUID(),
      type: USER_DEACTIVATED_V1.type,
      aggregateVersion: 2,
      payload: { ...payload, active: false },
    });
  }
}
