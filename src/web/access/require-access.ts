import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../api-errors.js';
import type { Access, Principal } from './api-tokens.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by requireAccess when tokens are configured: whom the request acts for. */
    principal: Principal;
  }
}

/** The page's session cookie: a value derived from the token (api-tokens.ts), never the token. */
export const sessionCookieName = 'typecast_session';
export const signInPath = '/sign-in';

/** RFC 6750: the scheme and realm a client must answer with. */
export const bearerChallenge = 'Bearer realm="typecast"';

/**
 * A bearer token (programs) or the session cookie (the page, and the Temporal UI calling the
 * codec endpoint with credentials). A request that names a bearer token is judged by it alone.
 */
export function principalOf(c: Context, access: Access, now = new Date()): Principal | undefined {
  const header = c.req.header('Authorization');
  if (header !== undefined) {
    const token = /^Bearer +([\x21-\x7e]+) *$/i.exec(header)?.[1];
    return token ? access.verifyToken(token) : undefined;
  }
  const session = getCookie(c, sessionCookieName);
  return session ? access.verifySession(session, now) : undefined;
}

/**
 * For JSON clients: no credentials, or wrong ones, get 401 with the challenge that says how to
 * authenticate. Nothing behind it runs.
 */
export function requireApiAccess(access: Access): MiddlewareHandler {
  return async (c, next) => {
    const principal = principalOf(c, access);
    if (principal) {
      c.set('principal', principal);
      return next();
    }
    const presented = c.req.header('Authorization') !== undefined;
    const error = new ApiError(
      'Unauthorized',
      presented
        ? 'That bearer token is not one this server accepts (TYPECAST_API_TOKENS).'
        : 'Send Authorization: Bearer <token> with one of the tokens in TYPECAST_API_TOKENS, or sign in at /sign-in.',
    );
    return c.json(error.toBody(), 401, {
      'WWW-Authenticate': presented ? `${bearerChallenge}, error="invalid_token"` : bearerChallenge,
    });
  };
}

/**
 * For the page: a person without a session is sent to the sign-in form, and comes back to
 * where they were going. htmx requests (a polling card whose session expired) are told to go
 * there too, with HX-Redirect, which htmx follows whatever the status.
 */
export function requirePageAccess(access: Access): MiddlewareHandler {
  return async (c, next) => {
    const principal = principalOf(c, access);
    if (principal) {
      c.set('principal', principal);
      return next();
    }
    if (c.req.header('HX-Request') === 'true') {
      c.header('HX-Redirect', signInPath);
      return c.text('Sign in to go on.', 401);
    }
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/';
    return c.redirect(
      back === '/' ? signInPath : `${signInPath}?next=${encodeURIComponent(back)}`,
      303,
    );
  };
}
