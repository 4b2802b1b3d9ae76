import { inputExample, ValidatedSeparately } from '@saleswire/contracts';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const BATCH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type BatchMethod = (typeof BATCH_METHODS)[number];
export const MAX_BATCH_OPERATIONS = 100;

/** One request of a batch, answered in its own slot. */
export class BatchOperationDto {
  @IsIn(BATCH_METHODS)
  method!: BatchMethod;

  /** An API path with its query string, as it would be sent alone: `/api/v1/leads?status=new`. */
  @IsString()
  @MaxLength(2000)
  @Matches(/^\/api\/v1\//, { message: 'path must be a path of the API, starting with /api/v1/' })
  path!: string;

  /** The JSON body the request would carry (an object, or an array for an import). */
  @IsOptional()
  @Allow()
  body?: unknown;

  /** The request's `Idempotency-Key` (POST only): the same key and body answer the first answer again. */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'idempotencyKey must be 1 to 200 printable characters' })
  idempotencyKey?: string;

  /** The request's `If-Match`, the version a PATCH is made against. */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'ifMatch must be 1 to 100 printable characters' })
  ifMatch?: string;
}

/** `POST /api/v1/batch`. */
export class BatchRequestDto {
  // Each operation is validated on its own, so that a bad one is a 400 in its slot and the others still run.
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_OPERATIONS)
  @ValidatedSeparately()
  @JSONSchema({ items: { $ref: '#/components/schemas/BatchOperationDto' } })
  operations!: unknown[];
}

/** One answer of a batch, in the order of the operations. */
export interface BatchResult {
  status: number;
  body: unknown;
  /** `ETag`, `Location`, `Retry-After` and `Idempotent-Replayed` of the answer, when it had them. */
  headers?: Record<string, string>;
}

export interface BatchResponse {
  results: BatchResult[];
}

/** What the OpenAPI document shows for the body. */
export const BATCH_EXAMPLE = inputExample(BatchRequestDto, {
  operations: [
    {
      method: 'POST',
      path: '/api/v1/leads',
      body: { contact: { name: 'Irina Volkova', email: 'irina@northwind.example' }, source: 'exhibition', direction: 'inbound' },
    },
  ],
});
