import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  encryptedEncoding,
  encryptionCodec,
  keyIdMetadataKey,
  keyIdOf,
  PayloadDecryptionError,
} from '../../../src/codec/encryption-codec.js';
import { newKeyRingEntry, parseKeyRing } from '../../../src/codec/key-ring.js';

const canary = 'canary-7f3e Ωmega 🦊';
const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('latin1');

describe('the encryption codec', () => {
  const oldEntry = newKeyRingEntry(new Date('2025-01-01T00:00:00Z'));
  const newEntry = newKeyRingEntry(new Date('2026-06-01T00:00:00Z'));

  it('round-trips any payload and shows nothing of it but the key id', async () => {
    const codec = encryptionCodec(parseKeyRing(newEntry));
    const original = toPayload({ text: canary, nested: [1, null, { deep: canary }] });
    const [encrypted] = await codec.encode([original]);
    const everything = text(encrypted!.data) + JSON.stringify(encrypted!.metadata);
    expect(everything).not.toContain('canary');
    expect(everything).not.toContain('json/plain');
    expect(text(encrypted!.metadata!.encoding)).toBe(encryptedEncoding);
    expect(keyIdOf(encrypted!)).toBe(newEntry.split(':')[0]);
    const [decoded] = await codec.decode([encrypted!]);
    expect(fromPayload(decoded!)).toEqual({ text: canary, nested: [1, null, { deep: canary }] });
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
  });

  it('never produces the same ciphertext twice for the same value', async () => {
    const codec = encryptionCodec(parseKeyRing(newEntry));
    const [a, b] = await codec.encode([toPayload(canary), toPayload(canary)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('passes payloads it did not encrypt through unchanged, so older histories still read', async () => {
    const codec = encryptionCodec(parseKeyRing(newEntry));
    const plain = toPayload({ phase: 'completed' });
    const [decoded] = await codec.decode([plain]);
    expect(decoded).toBe(plain);
  });

  it('rotates: the newest key encrypts, an older one still decrypts what it encrypted', async () => {
    const before = encryptionCodec(parseKeyRing(oldEntry));
    const [old] = await before.encode([toPayload(canary)]);

    const after = encryptionCodec(parseKeyRing(`${newEntry},${oldEntry}`));
    expect(fromPayload((await after.decode([old!]))[0]!)).toBe(canary);
    const [fresh] = await after.encode([toPayload(canary)]);
    expect(keyIdOf(fresh!)).toBe(newEntry.split(':')[0]);

    // Once the old key is dropped, its payloads fail loudly, naming the key they need.
    const dropped = encryptionCodec(parseKeyRing(newEntry));
    await expect(dropped.decode([old!])).rejects.toThrow(PayloadDecryptionError);
    await expect(dropped.decode([old!])).rejects.toThrow(
      new RegExp(`"${oldEntry.split(':')[0]}", which TYPECAST_ENCRYPTION_KEYS does not hold`),
    );
  });

  it('detects tampering: a flipped bit, a cut tag, a swapped key id', async () => {
    const ring = parseKeyRing(`${newEntry},${oldEntry}`);
    const codec = encryptionCodec(ring);
    const [sealed] = await codec.encode([toPayload(canary)]);
    const data = Buffer.from(sealed!.data!);

    for (const index of [1, 13, data.length - 20, data.length - 1]) {
      const flipped = Buffer.from(data);
      flipped[index]! ^= 0x01;
      await expect(codec.decode([{ ...sealed!, data: flipped }]), `byte ${index}`).rejects.toThrow(
        /failed authentication/,
      );
    }
    await expect(
      codec.decode([{ ...sealed!, data: data.subarray(0, data.length - 16) }]),
    ).rejects.toThrow(PayloadDecryptionError);
    // The id is authenticated too: the same bytes under the other key's id do not decrypt.
    const relabelled = {
      ...sealed!,
      metadata: {
        ...sealed!.metadata,
        [keyIdMetadataKey]: new TextEncoder().encode(oldEntry.split(':')[0]),
      },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  it('refuses a payload encrypted under the same id by another key', async () => {
    const id = 'prod';
    const [sealed] = await encryptionCodec(parseKeyRing(`${id}:${newEntry.split(':')[1]}`)).encode([
      toPayload(canary),
    ]);
    const other = encryptionCodec(parseKeyRing(`${id}:${oldEntry.split(':')[1]}`));
    await expect(other.decode([sealed!])).rejects.toThrow(/failed authentication/);
  });
});
