import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@saleswire/contracts';
import { queryNamed, tableOf } from '@saleswire/database';
import type { DataSource } from 'typeorm';
import type { ApiKeyView } from './api-key.view';

/** What a request authenticated by a key acts as. */
export interface ApiKeyGrant {
  id: string;
  role: Role;
  partnerId: string | null;
  rateLimit: number | null;
  /** Who made the key: a user's id (whose deactivation stops the key), or an API key's or external subject's. */
  createdBy: string;
  /** Web origins whose pages may read the answers to this key's requests (CORS). */
  allowedOrigins: string[];
}

export interface NewApiKey extends ApiKeyGrant {
  name: string;
  hash: Buffer;
  prefix: string;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  partner_id: string | null;
  rate_limit: number | null;
  allowed_origins: string[];
  shown: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
}

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    partnerId: row.partner_id,
    rateLimit: row.rate_limit,
    allowedOrigins: row.allowed_origins,
    prefix: row.shown,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

const COLUMNS = 'id, name, role, partner_id, rate_limit, allowed_origins, shown, created_by, created_at, last_used_at';

/** The `api_key` table, in SQL: a handful of statements, each on an index. */
@Injectable()
export class ApiKeyStore {
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = tableOf(dataSource, 'api_key');
  }

  async insert(key: NewApiKey & { id: string }): Promise<ApiKeyView> {
    const [row]: ApiKeyRow[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (id, name, role, partner_id, rate_limit, allowed_origins, key_hash, shown, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [key.id, key.name, key.role, key.partnerId, key.rateLimit, key.allowedOrigins, key.hash, key.prefix, key.createdBy],
    );
    return toView(row);
  }

  /** Keys not revoked, by id, after `afterId`; optionally of one role or one partner. */
  async list(filter: { role?: Role; partnerId?: string }, afterId: string | null, take: number): Promise<ApiKeyView[]> {
    const conditions = ['revoked_at IS NULL'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conditions.push(`${sql} $${params.length}`);
    };
    if (afterId) add('id >', afterId);
    if (filter.role) add('role =', filter.role);
    if (filter.partnerId) add('partner_id =', filter.partnerId);
    params.push(take);
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toView);
  }

  /** Revokes the key; false when there is no such key or it was revoked before. */
  async revoke(id: string): Promise<boolean> {
    // Through a SELECT: TypeORM answers an UPDATE's query as [rows, count], a SELECT as its rows.
    const rows: unknown[] = await this.dataSource.query(
      `WITH revoked AS (UPDATE ${this.table} SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM revoked`,
      [id],
    );
    return rows.length > 0;
  }

  /** The key with this hash, unless it was revoked. */
  async findActiveByHash(hash: Buffer): Promise<ApiKeyGrant | null> {
    const [row] = await queryNamed<Array<Pick<ApiKeyRow, 'id' | 'role' | 'partner_id' | 'rate_limit' | 'created_by' | 'allowed_origins'>>>(
      this.dataSource,
      `SELECT id, role, partner_id, rate_limit, created_by, allowed_origins FROM ${this.table} WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return row
      ? { id: row.id, role: row.role, partnerId: row.partner_id, rateLimit: row.rate_limit, createdBy: row.created_by, allowedOrigins: row.allowed_origins }
      : null;
  }

  /** Every origin some key not revoked lists, each once: what a preflight may be answered for (CORS). */
  async listedOrigins(): Promise<string[]> {
    const rows: Array<{ origin: string }> = await this.dataSource.query(
      `SELECT DISTINCT unnest(allowed_origins) AS origin FROM ${this.table} WHERE revoked_at IS NULL AND cardinality(allowed_origins) > 0`,
    );
    return rows.map((row) => row.origin);
  }

  /** Records when each key was last used, in one statement for any number of keys; never moves a time back. */
  async touch(uses: ReadonlyMap<string, number>): Promise<void> {
    if (uses.size === 0) return;
    const ids = [...uses.keys()];
    const times = ids.map((id) => new Date(uses.get(id)!).toISOString());
    await this.dataSource.query(
      `UPDATE ${this.table} AS k SET last_used_at = GREATEST(k.last_used_at, u.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE k.id = u.id`,
      [ids, times],
    );
  }
}
