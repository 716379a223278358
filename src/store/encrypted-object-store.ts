import type { PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { ObjectStore } from './object-store.js';

const { Payload } = proto.temporal.api.common.v1;

/** Marks an object this store sealed: one without it (written before keys were set) reads as it is. */
const sealedPrefix = 'typecast-sealed:v1:';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const prefixBytes = encoder.encode(sealedPrefix);

/**
 * Rows, results and cached values of batches hold what people submitted, as histories do, so
 * they are sealed with the same codec as every payload (AES-256-GCM under the key ring, the key
 * id beside it): the folder or bucket holds no clear text, and rotation works as for runs.
 */
export function encryptedObjectStore(objects: ObjectStore, codec: PayloadCodec): ObjectStore {
  return {
    location: objects.location,
    list: (prefix) => objects.list(prefix),
    delete: (keys) => objects.delete(keys),
    async put(key, body) {
      const [sealed] = await codec.encode([{ metadata: {}, data: encoder.encode(body) }]);
      const bytes = Buffer.from(Payload.encode(sealed!).finish()).toString('base64');
      await objects.put(key, `${sealedPrefix}${bytes}`);
    },
    async get(key) {
      const stored = await objects.get(key);
      if (!stored || !isSealed(stored)) return stored;
      const text = decoder.decode(stored.subarray(prefixBytes.length));
      const [opened] = await codec.decode([Payload.decode(Buffer.from(text, 'base64'))]);
      return opened?.data ?? new Uint8Array();
    },
  };
}

/**
 * The store of a process without keys: it writes in clear, and refuses a sealed object with a
 * message that says what is missing instead of failing on the bytes as if they were corrupt.
 */
export function clearObjectStore(objects: ObjectStore): ObjectStore {
  return {
    ...objects,
    async get(key) {
      const stored = await objects.get(key);
      if (stored && isSealed(stored))
        throw new Error(
          `The batch object ${key} in ${objects.location} is encrypted, and this process has no keys: set TYPECAST_ENCRYPTION_KEYS as for the worker.`,
        );
      return stored;
    },
  };
}

function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= prefixBytes.length && prefixBytes.every((byte, i) => bytes[i] === byte);
}
