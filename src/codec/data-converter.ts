import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { encryptionCodec } from './encryption-codec.js';
import type { KeyRing } from './key-ring.js';

/**
 * The failure converter's module, by path: workers require it and bundle it into the workflow
 * code, so failures raised inside a workflow are encoded as well as those of activities.
 */
export const failureConverterPath = fileURLToPath(
  new URL('./failure-converter.cjs', import.meta.url),
);

/**
 * The one data converter of every client, worker and replayer: payloads encrypted with the key
 * ring (when one is configured), failure messages and stack traces encoded as payloads.
 */
export function typecastDataConverter(ring: KeyRing | undefined): DataConverter {
  return { failureConverterPath, payloadCodecs: ring ? [encryptionCodec(ring)] : [] };
}
