import type { Payload } from '@temporalio/common';
import { typecastDataConverter } from '../../src/codec/data-converter.js';
import { encryptionCodec } from '../../src/codec/encryption-codec.js';
import { parseKeyRing } from '../../src/codec/key-ring.js';
import { encryptedObjectStore } from '../../src/store/encrypted-object-store.js';
import type { ObjectStore } from '../../src/store/object-store.js';

/**
 * The key ring of the whole suite: every client, worker and process a test starts encrypts with
 * it, as a deployment does, so every test runs on encrypted histories, memos and batch stores.
 * Fixed, so the
 * processes a test spawns agree with it; for tests only.
 */
export const testEncryptionKeys = `suite-2026:${Buffer.alloc(32, 0x5a).toString('base64')}`;
export const testKeyRing = parseKeyRing(testEncryptionKeys);
export const testDataConverter = typecastDataConverter(testKeyRing);

/** An object store sealed with the suite's keys, as the app opens its batch store. */
export const sealedForSuite = (objects: ObjectStore) =>
  encryptedObjectStore(objects, encryptionCodec(testKeyRing));

/** A payload as stored (encrypted) as a reader with the suite's keys sees it. */
export async function decodeStoredPayload(payload: Payload): Promise<Payload> {
  let decoded = [payload];
  for (const codec of [...(testDataConverter.payloadCodecs ?? [])].reverse())
    decoded = await codec.decode(decoded);
  return decoded[0]!;
}
