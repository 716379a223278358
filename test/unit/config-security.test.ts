import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const isolated = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
const load = (env: Record<string, string>) => loadConfig({ ...isolated, ...env });
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('security settings', () => {
  it('are off by default: no keys, no tokens, 60 casts a minute, the UI origin under both names', () => {
    const { security } = load({});
    expect(security.keyRing).toBeUndefined();
    expect(security.apiTokens).toEqual([]);
    expect(security.submitRatePerMinute).toBe(60);
    expect(security.codecOrigins).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(load({ TEMPORAL_UI_URL: 'https://temporal.example/ui/' }).security.codecOrigins).toEqual(
      ['https://temporal.example'],
    );
  });

  it('read keys newest first, tokens, the rate and origins; blank is unset', () => {
    const { security } = load({
      TYPECAST_ENCRYPTION_KEYS: `k2:${key(2)}, k1:${key(1)}`,
      TYPECAST_API_TOKENS: 'a-token-of-16-chars!, another-token-of-16',
      TYPECAST_SUBMIT_RATE_PER_MINUTE: '0',
      TYPECAST_CODEC_ORIGINS: 'http://localhost:8080/, https://ui.example',
    });
    expect(security.keyRing?.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(security.apiTokens).toEqual(['a-token-of-16-chars!', 'another-token-of-16']);
    expect(security.submitRatePerMinute).toBe(0);
    expect(security.codecOrigins).toEqual(['http://localhost:8080', 'https://ui.example']);
    expect(load({ TYPECAST_ENCRYPTION_KEYS: ' ', TYPECAST_API_TOKENS: '' }).security).toMatchObject(
      {
        apiTokens: [],
        keyRing: undefined,
      },
    );
  });

  it('refuse bad values naming the variable, without ever quoting a secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { TYPECAST_ENCRYPTION_KEYS: `k1:${key(1).slice(0, 20)}` },
        /TYPECAST_ENCRYPTION_KEYS=\(hidden\): key 1 \("k1"\): the key must be 32 bytes/,
      ],
      [
        { TYPECAST_API_TOKENS: 'short-secret' },
        /TYPECAST_API_TOKENS.0=\(hidden\): each token needs at least 16 characters/,
      ],
      [{ TYPECAST_API_TOKENS: 'has a space in it, 1234' }, /printable ASCII without spaces/],
      [{ TYPECAST_SUBMIT_RATE_PER_MINUTE: '-1' }, /TYPECAST_SUBMIT_RATE_PER_MINUTE="-1"/],
      [
        { TYPECAST_CODEC_ORIGINS: 'localhost:8080' },
        /TYPECAST_CODEC_ORIGINS.0=.*http:\/\/localhost:8080/,
      ],
    ];
    for (const [env, message] of cases) {
      expect(() => load(env), JSON.stringify(env)).toThrow(ConfigError);
      try {
        load(env);
      } catch (err) {
        expect((err as Error).message).toMatch(message);
        if (env.TYPECAST_ENCRYPTION_KEYS)
          expect((err as Error).message).not.toContain(key(1).slice(0, 20));
        if (env.TYPECAST_API_TOKENS)
          expect((err as Error).message).not.toContain(env.TYPECAST_API_TOKENS);
      }
    }
  });
});
