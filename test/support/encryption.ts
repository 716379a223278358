import type { Payload } from '@temporalio/common';
import { typecastDataConverter } from '../../src/codec/data-converter.js';
import { parseKeyRing } from '../../src/codec/key-ring.js';

/**
 * The key ring of the whole suite: every client, worker and process a test starts encrypts with
 * it, as a deployment does, so every test runs on encrypted histories and memos. Fixed, so the
 * processes a test spawns agree with it; for tests only.
 */
export const testEncryptionKeys = `suite-2026:${Buffer.alloc(32, 0x5a).toString('base64')}`;
export const testKeyRing = parseKeyRing(testEncryptionKeys);
export const testDataConverter = typecastDataConverter(testKeyRing);

/** A payload as stored (encrypted) as a reader with the suite's keys sees it. */
export async function decodeStoredPayload(payload: Payload): Promise<Payload> {
  let decoded = [payload];
  for (const codec of [...(testDataConverter.payloadCodecs ?? [])].reverse())
    decoded = await codec.decode(decoded);
  return decoded[0]!;
}
