import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

// An API key is `sw_live_` and 48 base64url characters: 32 random bytes (256 bits) and a CRC-32 of them. The
// prefix lets secret scanners and people recognise a leaked key; the checksum lets the gateway refuse a
// mistyped or made-up key without a database look-up. Only the SHA-256 of the whole key is stored: a key is
// random, not chosen by a person, so there is nothing for a slow, salted hash (scrypt) to protect against
// that 256 bits do not already, and a fast hash keeps the look-up of every request cheap.

export const API_KEY_PREFIX = 'sw_live_';
const SECRET_BYTES = 32;
const ENCODED_LENGTH = 48; // base64url of 36 bytes, without padding
const API_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{${ENCODED_LENGTH}}$`);
/** Characters of a key shown in lists, so that an admin can tell keys apart without the secret. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 6;

function checksum(secret: Buffer): Buffer {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(secret));
  return sum;
}

/** A new random API key, as shown to its creator once. */
export function generateApiKey(): string {
  const secret = randomBytes(SECRET_BYTES);
  return API_KEY_PREFIX + Buffer.concat([secret, checksum(secret)]).toString('base64url');
}

/** Whether the text has the shape of a key the gateway made (prefix, length, checksum). */
export function isWellFormedApiKey(key: string): boolean {
  if (!API_KEY_PATTERN.test(key)) return false;
  const bytes = Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url');
  return bytes.length === SECRET_BYTES + 4 && checksum(bytes.subarray(0, SECRET_BYTES)).equals(bytes.subarray(SECRET_BYTES));
}

/** What is stored of a key and looked up by: its SHA-256. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The start of a key, shown in lists in place of the secret (`sw_live_AbCdEf…`). */
export function shownPartOf(key: string): string {
  return key.slice(0, SHOWN_LENGTH);
}
