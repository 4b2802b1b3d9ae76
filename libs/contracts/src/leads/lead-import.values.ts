import { Type } from 'class-transformer';
import { IsObject, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';

/** The most rows one import may carry (API.md, `POST /leads/import`). */
export const MAX_IMPORT_ROWS = 100_000;

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `failed`: a chunk kept failing (the rows before it stay imported; `lastError` says why). */
export const IMPORT_JOB_STATUSES = ['receiving', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** Names one import job in the caller's scope: the request of `commit-lead-import` and `get-lead-import`. */
export class LeadImportJobRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsUUID()
  jobId!: string;
}

/**
 * How an import row carries a number JSON has no form for. A JSON number too large for a double (`1e309`, or a
 * CSV amount of 400 digits) is read as Infinity, and JSON.stringify writes Infinity as null, which an optional
 * field accepts: such a row was imported without the amount it gave, where `POST /leads` refuses it. The gateway
 * sends the number as this object (`encodeNonFiniteNumbers`) and the job turns it back (`reviveNonFiniteNumber`)
 * before validating the row, which then names the field as the single-lead route does.
 */
export interface NonFiniteNumberV1 {
  $nonFiniteNumber: 'Infinity' | '-Infinity' | 'NaN';
}

const NON_FINITE_KEY = '$nonFiniteNumber';

/** The value with every number that is not finite replaced by its `NonFiniteNumberV1`; the value itself when it has none. */
export function encodeNonFiniteNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : ({ [NON_FINITE_KEY]: String(value) } as NonFiniteNumberV1);
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const encoded = encodeNonFiniteNumbers(item);
    if (encoded === item) continue;
    copy ??= Array.isArray(value) ? [...value] : { ...value };
    // Defined, not assigned: a `__proto__` key of parsed JSON is an own field, and must stay one.
    Object.defineProperty(copy, key, { value: encoded, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

/** Whether JSON text may hold a `NonFiniteNumberV1`: the cheap test before parsing with `reviveNonFiniteNumber`. */
export function mayHoldNonFiniteNumbers(json: string): boolean {
  return json.includes(NON_FINITE_KEY);
}

/** A JSON.parse reviver that turns each `NonFiniteNumberV1` back into the number it stands for. */
export function reviveNonFiniteNumber(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== NON_FINITE_KEY) return value;
  const written = (value as Record<string, unknown>)[NON_FINITE_KEY];
  return written === 'Infinity' ? Infinity : written === '-Infinity' ? -Infinity : written === 'NaN' ? NaN : value;
}
