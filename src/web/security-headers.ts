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
 * that answered set its own (see contentSecurityPolicy).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy'))
      c.header('Content-Security-Policy', pagePolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  };
}

/** A sub-app's own policy, for the answers of the routes it is mounted on. */
export function contentSecurityPolicy(policy: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', policy);
  };
}
