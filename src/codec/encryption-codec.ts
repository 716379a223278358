import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { EncryptionKey, KeyRing } from './key-ring.js';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

/** The metadata an encrypted payload carries: readable by anyone, it names only the key. */
export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';

// data = version (1 byte) · IV (12 bytes) · ciphertext · GCM tag (16 bytes)
const formatVersion = 1;
const ivBytes = 12;
const tagBytes = 16;

/** A payload that cannot be decrypted: its key is not in the ring, or it was altered. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * AES-256-GCM over the whole serialized payload (its metadata included, so the encoding of the
 * value is hidden too). The key id is authenticated with the ciphertext: a payload moved under
 * another id, or altered anywhere, fails to decrypt instead of decrypting to something else.
 */
export function encryptionCodec(ring: KeyRing): PayloadCodec {
  const byId = new Map(ring.keys.map((k) => [k.id, k]));
  const newest = ring.keys[0];
  return {
    encode: async (payloads) => payloads.map((payload) => encryptPayload(newest, payload)),
    decode: async (payloads) =>
      payloads.map((payload) => (isEncrypted(payload) ? decryptPayload(byId, payload) : payload)),
  };
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && decoder.decode(encoding) === encryptedEncoding;
}

/** The id of the key an encrypted payload needs; undefined for any other payload. */
export function keyIdOf(payload: Payload): string | undefined {
  const id = payload.metadata?.[keyIdMetadataKey];
  return isEncrypted(payload) && id ? decoder.decode(id) : undefined;
}

function encryptPayload({ id, key }: EncryptionKey, payload: Payload): Payload {
  const plaintext = PayloadMessage.encode(payload).finish();
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(associatedData(id));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    metadata: {
      encoding: encoder.encode(encryptedEncoding),
      [keyIdMetadataKey]: encoder.encode(id),
    },
    data: Buffer.concat([Buffer.of(formatVersion), iv, ciphertext, cipher.getAuthTag()]),
  };
}

function decryptPayload(byId: Map<string, EncryptionKey>, payload: Payload): Payload {
  const id = keyIdOf(payload) ?? '';
  const entry = byId.get(id);
  if (!entry)
    throw new PayloadDecryptionError(
      `A payload is encrypted with the key "${id}", which TYPECAST_ENCRYPTION_KEYS does not hold: add that key back (after the newest) to read it.`,
    );
  const data = Buffer.from(payload.data ?? []);
  if (data.length < 1 + ivBytes + tagBytes || data[0] !== formatVersion)
    throw new PayloadDecryptionError(`A payload under the key "${id}" is not in a known format.`);
  const iv = data.subarray(1, 1 + ivBytes);
  const tag = data.subarray(data.length - tagBytes);
  const ciphertext = data.subarray(1 + ivBytes, data.length - tagBytes);
  try {
    const decipher = createDecipheriv('aes-256-gcm', entry.key, iv, { authTagLength: tagBytes });
    decipher.setAAD(associatedData(id));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return PayloadMessage.decode(plaintext);
  } catch {
    throw new PayloadDecryptionError(
      `A payload under the key "${id}" failed authentication: it was altered, or the key with that id is not the one that encrypted it.`,
    );
  }
}

function associatedData(keyId: string): Uint8Array {
  return encoder.encode(`typecast-payload:v${formatVersion}:${keyId}`);
}
