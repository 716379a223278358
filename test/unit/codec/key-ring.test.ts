import { describe, expect, it } from 'vitest';
import { KeyRingError, newKeyRingEntry, parseKeyRing } from '../../../src/codec/key-ring.js';

const key = Buffer.alloc(32, 7).toString('base64');

describe('parseKeyRing', () => {
  it('reads ids and keys, newest first, ignoring spaces and empty entries', () => {
    const ring = parseKeyRing(` new:${key} , old:${Buffer.alloc(32, 9).toString('base64')},`);
    expect(ring.keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(ring.keys[0].key.symmetricKeySize).toBe(32);
  });

  it.each([
    ['', /at least one key/],
    [key, /write each key as id:base64key/],
    [`:${key}`, /write each key as id:base64key/],
    [`bad id:${key}`, /write each key as id:base64key/],
    ['short:c2hvcnQ=', /must be 32 bytes in base64/],
    [`k:${Buffer.alloc(48).toString('base64')}`, /must be 32 bytes/],
    [`k:${key.replace('=', '!')}`, /must be 32 bytes/],
    [`a:${key},a:${key}`, /"a" is used twice/],
  ])('refuses %j with a message that says what to write', (text, message) => {
    expect(() => parseKeyRing(text)).toThrow(KeyRingError);
    expect(() => parseKeyRing(text)).toThrow(message);
  });

  it('never quotes the key material in its messages', () => {
    const secret = `s:${Buffer.alloc(31, 1).toString('base64')}`;
    expect(() => parseKeyRing(secret)).toThrow(KeyRingError);
    try {
      parseKeyRing(secret);
    } catch (err) {
      expect((err as Error).message).not.toContain(secret.split(':')[1]);
    }
  });

  it('makes new entries that parse, with a dated id and a fresh key each time', () => {
    const a = newKeyRingEntry(new Date('2026-11-05T10:20:30Z'));
    const b = newKeyRingEntry(new Date('2026-11-05T10:20:30Z'));
    expect(a.split(':')[0]).toBe('k20261105102030');
    expect(a).not.toBe(b);
    expect(parseKeyRing(`${a}`).keys[0].id).toBe('k20261105102030');
  });
});
