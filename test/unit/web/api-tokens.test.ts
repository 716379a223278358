import { describe, expect, it } from 'vitest';
import { createAccess } from '../../../src/web/access/api-tokens.js';

const tokenA = 'token-a-0123456789abcdef';
const tokenB = 'token-b-0123456789abcdef';
const now = new Date('2026-11-26T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('createAccess', () => {
  it('is off without tokens', () => {
    expect(createAccess([]).enabled).toBe(false);
    expect(createAccess([]).verifyToken('')).toBeUndefined();
  });

  it('knows each token as its own principal, named without the token', () => {
    const access = createAccess([tokenA, tokenB]);
    const a = access.verifyToken(tokenA);
    const b = access.verifyToken(tokenB);
    expect(a?.id).toMatch(/^token-[0-9a-f]{12}$/);
    expect(b?.id).not.toBe(a?.id);
    expect(a?.id).not.toContain('0123456789');
    for (const wrong of ['', tokenA.slice(0, -1), `${tokenA}x`, tokenA.toUpperCase(), ' '])
      expect(access.verifyToken(wrong), wrong).toBeUndefined();
  });

  it('signs sessions that hold no token and expire', () => {
    const access = createAccess([tokenA]);
    const principal = access.verifyToken(tokenA)!;
    const session = access.sessionFor(principal, later(60));
    expect(session).not.toContain(tokenA);
    expect(session).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(access.verifySession(session, now)).toEqual(principal);
    expect(access.verifySession(session, later(61))).toBeUndefined();
  });

  it('refuses sessions that were altered, extended, or made for a token no longer accepted', () => {
    const access = createAccess([tokenA, tokenB]);
    const session = access.sessionFor(access.verifyToken(tokenA)!, later(60));
    const [expiry, mac] = session.split('.') as [string, string];
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    for (const forged of [
      `${expiry}.${flipped}`,
      `${Number(expiry) + 3600}.${mac}`,
      `${expiry}.${mac}x`,
      `${expiry}`,
      '',
      'garbage',
    ])
      expect(access.verifySession(forged, now), forged).toBeUndefined();
    // Removing a token from TYPECAST_API_TOKENS signs its sessions out too.
    expect(createAccess([tokenB]).verifySession(session, now)).toBeUndefined();
    expect(createAccess([tokenA]).verifySession(session, now)).toBeDefined();
  });
});
