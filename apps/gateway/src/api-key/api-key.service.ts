import { Inject, Injectable } from '@nestjs/common';
import { distinctOrigins, isUuid, type Page } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { Principal } from '../auth/principal';
import { readPage } from '../http/route-conventions';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { ListApiKeysQuery } from './dto/list-api-keys.query';
import { ApiKeyNotFoundError, PartnerOnlyForPartnerKeysError } from './api-key.errors';
import { generateApiKey, hashApiKey, shownPartOf } from './api-key.format';
import { ApiKeyOrigins } from './api-key-origins';
import { ApiKeyLookup } from './api-key.lookup';
import { ApiKeyStore } from './api-key.store';
import type { ApiKeyView, CreatedApiKeyView } from './api-key.view';
import { PARTNER_ACTIVE_CHECK, type PartnerActiveCheck } from './partner-active.check';

/** Makes, lists and revokes API keys (admins only, by the controller). */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly lookup: ApiKeyLookup,
    private readonly origins: ApiKeyOrigins,
    @Inject(PARTNER_ACTIVE_CHECK) private readonly partners: PartnerActiveCheck,
  ) {}

  /** A new key; the answer is the only place the key itself is ever shown. */
  async create(input: CreateApiKeyDto, creator: Principal): Promise<CreatedApiKeyView> {
    if (input.partnerId && input.role !== 'partner_user') throw new PartnerOnlyForPartnerKeysError();
    if (input.role === 'partner_user' && input.partnerId) await this.partners.assertActive(input.partnerId);
    const key = generateApiKey();
    const view = await this.store.insert({
      id: uuidv7(),
      name: input.name.trim(),
      role: input.role,
      partnerId: input.partnerId?.toLowerCase() ?? null,
      rateLimit: input.rateLimit ?? null,
      allowedOrigins: distinctOrigins(input.allowedOrigins ?? []),
      hash: hashApiKey(key),
      prefix: shownPartOf(key),
      createdBy: creator.id,
    });
    // This replica answers the new key's preflights at once; the others within their next read.
    if (view.allowedOrigins.length > 0) await this.origins.refresh();
    return { ...view, key };
  }

  list(query: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    return readPage(
      query,
      (after, take) => this.store.list({ role: query.role, partnerId: query.partnerId?.toLowerCase() }, typeof after?.id === 'string' ? after.id : null, take),
      (key) => ({ id: key.id }),
      (position) => isUuid(position.id),
    );
  }

  /** Revokes the key in the database, then on every replica. */
  async revoke(id: string): Promise<void> {
    if (!(await this.store.revoke(id))) throw new ApiKeyNotFoundError(id);
    await this.lookup.revoked(id);
    await this.origins.refresh();
  }
}
