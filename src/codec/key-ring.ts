import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/** One AES-256 key and the id stored beside every payload it encrypts. */
export interface EncryptionKey {
  id: string;
  key: KeyObject;
}

/** The keys of one deployment: the first (newest) encrypts, every one of them decrypts. */
export interface KeyRing {
  keys: readonly [EncryptionKey, ...EncryptionKey[]];
}

/** A problem with TYPECAST_ENCRYPTION_KEYS, described without ever quoting key material. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
export const keyBytes = 32;

/**
 * Reads `id:base64key,id:base64key` (newest first). Each key is 32 random bytes in base64
 * (`openssl rand -base64 32`); ids are short names such as `2026-11`, unique in the ring.
 */
export function parseKeyRing(text: string): KeyRing {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new KeyRingError('give at least one key as id:base64key (openssl rand -base64 32)');
  const keys = entries.map((entry, index): EncryptionKey => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const material = colon > 0 ? entry.slice(colon + 1) : '';
    const where = `key ${index + 1}${id ? ` ("${id}")` : ''}`;
    if (!keyIdPattern.test(id))
      throw new KeyRingError(
        `${where}: write each key as id:base64key, the id of letters, digits, ".", "_" or "-" (at most 64)`,
      );
    const bytes = base64Pattern.test(material) ? Buffer.from(material, 'base64') : undefined;
    if (!bytes || bytes.length !== keyBytes)
      throw new KeyRingError(
        `${where}: the key must be ${keyBytes} bytes in base64 (44 characters, e.g. from openssl rand -base64 32)`,
      );
    return { id, key: createSecretKey(bytes) };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated)
    throw new KeyRingError(`the key id "${repeated}" is used twice; ids must be unique`);
  return { keys: keys as [EncryptionKey, ...EncryptionKey[]] };
}

/** A new key ring entry, `id:base64key`, for a first start or a rotation. */
export function newKeyRingEntry(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  return `${id}:${randomBytes(keyBytes).toString('base64')}`;
}
