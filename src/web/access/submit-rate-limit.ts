import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../api-errors.js';

/** How many of something one caller may do per minute, and how long to wait once over. */
export interface CallerLimit {
  /** Resolves to 0 when allowed, else the seconds until the next one is. */
  take(key: string): Promise<number>;
}

/**
 * rate-limiter-flexible's in-memory limiter: a fixed one-minute window per key, kept in this
 * process (each web replica counts on its own). 0 per minute: no limit.
 */
export function callerLimit(perMinute: number): CallerLimit {
  if (perMinute === 0) return { take: async () => 0 };
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    },
  };
}

/**
 * The caller a limit counts: the signed-in principal (set by requireAccess) or, without tokens,
 * the client's address. Behind a proxy every request comes from the proxy's address.
 */
export function callerKey(c: Context): string {
  const principal = c.get('principal');
  if (principal) return principal.id;
  try {
    return `address-${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    // app.request() in tests has no socket.
    return 'address-unknown';
  }
}

/**
 * Submissions over the limit get 429 with Retry-After before anything is read or started.
 * The error is thrown, so the page's form shows it where it shows every other.
 */
export function submitRateLimit(limit: CallerLimit, perMinute: number): MiddlewareHandler {
  return async (c, next) => {
    const wait = await limit.take(callerKey(c));
    if (wait === 0) return next();
    c.header('Retry-After', String(wait));
    throw new ApiError(
      'RateLimited',
      `Too many casts: at most ${perMinute} a minute (TYPECAST_SUBMIT_RATE_PER_MINUTE). Try again in ${wait} s.`,
      { retryAfterSeconds: wait, perMinute },
    );
  };
}
