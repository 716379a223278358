import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Who a request acts for: a token, named by a digest of it so the token itself is kept nowhere. */
export interface Principal {
  id: string;
}

/** The configured tokens, and the one way to check a token or a session made from one. */
export interface Access {
  /** False without tokens: everything is open, as on a machine of one person. */
  enabled: boolean;
  /** The principal a bearer token stands for; undefined for any other string. */
  verifyToken(token: string): Principal | undefined;
  /** A session value for a signed-in principal, valid until `expiresAt`. */
  sessionFor(principal: Principal, expiresAt: Date): string;
  /** The principal of a session value that is genuine and not expired. */
  verifySession(value: string, now: Date): Principal | undefined;
}

interface Entry {
  principal: Principal;
  digest: Buffer;
  /** The key sessions of this token are signed with: derived from it, never the token itself. */
  sessionKey: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function createAccess(tokens: readonly string[]): Access {
  const entries: Entry[] = tokens.map((token) => {
    const digest = sha256(token);
    return {
      principal: { id: `token-${digest.subarray(0, 6).toString('hex')}` },
      digest,
      sessionKey: createHmac('sha256', token).update('typecast-session-key:v1').digest(),
    };
  });

  /**
   * Compares digests, all of the same length, with timingSafeEqual, and looks at every entry
   * whatever matched: the time taken says nothing about how close a guess came.
   */
  const matching = (test: (entry: Entry) => boolean): Principal | undefined => {
    let found: Principal | undefined;
    for (const entry of entries) if (test(entry) && !found) found = entry.principal;
    return found;
  };

  return {
    enabled: entries.length > 0,
    verifyToken(token) {
      const digest = sha256(token);
      return matching((entry) => timingSafeEqual(entry.digest, digest));
    },
    sessionFor(principal, expiresAt) {
      const entry = entries.find((e) => e.principal.id === principal.id);
      if (!entry) throw new Error('no token for this principal');
      const expiry = String(Math.floor(expiresAt.getTime() / 1000));
      return `${expiry}.${sign(entry.sessionKey, expiry).toString('base64url')}`;
    },
    verifySession(value, now) {
      const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
      if (!match) return undefined;
      const [, expiry, mac] = match as unknown as [string, string, string];
      if (Number(expiry) * 1000 <= now.getTime()) return undefined;
      const given = Buffer.from(mac, 'base64url');
      if (given.length !== 32) return undefined;
      return matching((entry) => timingSafeEqual(sign(entry.sessionKey, expiry), given));
    },
  };
}

function sign(key: Buffer, expiry: string): Buffer {
  return createHmac('sha256', key).update(`typecast-session:v1:${expiry}`).digest();
}
