import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SignInPage } from '../views/sign-in-page.js';
import type { Access } from './api-tokens.js';
import { principalOf, sessionCookieName, signInPath } from './require-access.js';
import { callerKey, type CallerLimit } from './submit-rate-limit.js';

/** How long a browser stays signed in. */
export const sessionLifetimeSeconds = 12 * 60 * 60;

/**
 * GET /sign-in shows the form, POST /sign-in checks a token and sets the session cookie,
 * POST /sign-out clears it. Attempts are limited per caller, so the form is no faster an
 * oracle than the API.
 */
export function signInRoutes(access: Access, attempts: CallerLimit) {
  const app = new Hono();

  app.get('/sign-in', (c) => {
    if (!access.enabled || principalOf(c, access))
      return c.redirect(nextPath(c.req.query('next')), 303);
    return page(c, nextPath(c.req.query('next')));
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const next = nextPath(typeof form.next === 'string' ? form.next : undefined);
    if (!access.enabled) return c.redirect(next, 303);
    const wait = await attempts.take(callerKey(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return page(c, next, `Too many attempts: try again in ${wait} s.`, 429);
    }
    const principal =
      typeof form.token === 'string' ? access.verifyToken(form.token.trim()) : undefined;
    if (!principal) return page(c, next, 'That token is not one this server accepts.', 401);
    const expires = new Date(Date.now() + sessionLifetimeSeconds * 1000);
    setCookie(c, sessionCookieName, access.sessionFor(principal, expires), {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: sessionLifetimeSeconds,
    });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', (c) => {
    deleteCookie(c, sessionCookieName, { path: '/', secure: isHttps(c) });
    return c.redirect(access.enabled ? signInPath : '/', 303);
  });

  return app;
}

function page(c: Context, next: string, problem?: string, status: ContentfulStatusCode = 200) {
  return c.html(html`<!DOCTYPE html>${(<SignInPage next={next} problem={problem} />)}`, status);
}

/** Only a path of this app, so the form cannot send a person to another site. */
function nextPath(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

/** Served over https directly or behind a proxy that says so: the cookie is then Secure. */
function isHttps(c: Context): boolean {
  const forwarded = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim();
  return forwarded === 'https' || new URL(c.req.url).protocol === 'https:';
}
