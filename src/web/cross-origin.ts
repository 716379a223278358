import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests a browser sent from another site (CSRF): browsers mark every
 * such request with Sec-Fetch-Site or Origin. Requests with neither come from programs (curl,
 * API clients), which a malicious page cannot drive, so they pass.
 */
export function crossOriginProtection(): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const site = c.req.header('Sec-Fetch-Site');
    const origin = c.req.header('Origin');
    const sameSite = site
      ? site === 'same-origin' || site === 'none'
      : !origin || origin === new URL(c.req.url).origin;
    if (!sameSite) {
      throw new ApiError('Forbidden', 'Requests that change state must come from this site.', {
        origin: origin ?? null,
        secFetchSite: site ?? null,
      });
    }
    return next();
  };
}
