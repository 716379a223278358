import type { MiddlewareHandler } from 'hono';
import { anyHost } from '../config.js';
import { ApiError } from './api-errors.js';

/**
 * The host name of a Host header (or of an allowed name), normalized as browsers do — lower
 * case, IPv6 in brackets — without its port; undefined when it is not a host at all.
 */
export function hostName(host: string): string | undefined {
  if (host === '' || /[/?#@\\\s]/.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Answers only requests addressed to one of the names this app is served under (DNS
 * rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches the app
 * as same-origin, but its requests still say `Host: evil.example`). Any port: the check is about
 * the name, and a published port may differ from the one the app listens on.
 */
export function allowedHostCheck(allowed: readonly string[]): MiddlewareHandler {
  if (allowed.includes(anyHost)) return (_c, next) => next();
  const names = new Set(allowed.map(hostName));
  return async (c, next) => {
    // app.request() in tests sends no Host header; a server always has one (Node requires it).
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostName(host);
    if (name === undefined || !names.has(name)) {
      throw new ApiError(
        'HostNotAllowed',
        `This server does not answer to the name "${host}". If you reach it under that name on purpose, add it to TYPECAST_ALLOWED_HOSTS.`,
        { host },
      );
    }
    return next();
  };
}
