import { buildDataSourceOptions } from '@saleswire/database';
import { MESSAGING_MIGRATIONS, RequestKeys1764700000000 } from '@saleswire/messaging';
import type { DataSourceOptions } from 'typeorm';
import type { GatewayConfig } from './config';
import { CreateIam1764400000000 } from './migrations/1764400000000-create-iam';
import { CreateIdempotency1764400000001 } from './migrations/1764400000001-create-idempotency';
import { IdempotencyAnswersAsSent1764400000002 } from './migrations/1764400000002-idempotency-answers-as-sent';
import { CreateApiKeys1764400000100 } from './migrations/1764400000100-create-api-keys';
import { ApiKeyAllowedOrigins1765600000002 } from './migrations/1765600000002-api-key-allowed-origins';
import { UserEntity } from './user/user.entity';

export const ENTITIES = [UserEntity];
/** Listed explicitly (not globbed) so that the same list works from .ts in tests and from built .js. */
export const MIGRATIONS = [
  CreateIam1764400000000,
  CreateIdempotency1764400000001,
  IdempotencyAnswersAsSent1764400000002,
  CreateApiKeys1764400000100,
  // The keys of the gateway's own writes (POST /users), recorded with the change (ADR 0010).
  RequestKeys1764700000000,
  // The outbox of evt.iam.user.* (and the inbox tables that come with it, unused: the gateway consumes nothing).
  ...MESSAGING_MIGRATIONS,
  ApiKeyAllowedOrigins1765600000002,
];

/** The DataSource options `npm run migrate` uses. */
export function dataSourceOptions(config: GatewayConfig): DataSourceOptions {
  return buildDataSourceOptions(config.database, { entities: ENTITIES, migrations: MIGRATIONS, applicationName: 'gateway-migrate' });
}
