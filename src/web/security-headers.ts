import type { MiddlewareHandler } from 'hono';

const basePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

/** The app's pages: no inline script or style at all, so text from data or a model cannot run. */
export const pagePolicy = [...basePolicy, "style-src 'self'"].join('; ');

/** Swagger UI sets inline styles on its elements; scripts stay self-only. */
export const docsPolicy = [...basePolicy, "style-src 'self' 'unsafe-inline'"].join('; ');

/**
 * The headers every answer carries, with the page's Content-Security-Policy unless the sub-app
 * that answered set its own (see contentSecurityPolicy). Set on the finished answer's own
 * headers: `c.header()` after `next()` would wrap the answer in a new Response each time and
 * turn its body into a stream that the server then has to read back.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const { headers } = c.res;
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', pagePolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
  };
}

/** A sub-app's own policy, for the answers of the routes it is mounted on. */
export function contentSecurityPolicy(policy: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', policy);
  };
}
