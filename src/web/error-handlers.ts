import type { Context, ErrorHandler, Hono, MiddlewareHandler, NotFoundHandler } from 'hono';
import { html } from 'hono/html';
import { allowedMethods } from './allowed-methods.js';
import { ApiError, isTemporalUnavailable, temporalUnavailable } from './api-errors.js';
import type { WebDeps } from './deps.js';

type ErrorDeps = Pick<WebDeps, 'temporalHealth' | 'logger'>;

/**
 * What a thrown error means for the caller: an ApiError as it is; Temporal out of reach as a
 * 503 that says where it was looked for; anything else as a 500 whose cause goes to the log.
 */
function callerError(err: Error, c: Context, { temporalHealth, logger }: ErrorDeps): ApiError {
  if (err instanceof ApiError) return err;
  if (isTemporalUnavailable(err)) {
    // The health state logs the outage once; each request need not.
    temporalHealth.recordFailure(String(err));
    return temporalUnavailable(temporalHealth.unreachableMessage());
  }
  logger?.error({ err, path: c.req.path }, 'request failed');
  return new ApiError('Internal', 'Something went wrong on the server; the error has been logged.');
}

const asJson = (c: Context, error: ApiError) => c.json(error.toBody(), error.status);

const asHtml = (c: Context, error: ApiError) =>
  c.html(html`<span class="error">${error.message}</span>`, error.status);

/** The JSON API's answer to an error: `{ error: { code, message, details } }`. */
export function jsonErrors(deps: ErrorDeps): ErrorHandler {
  return (err, c) => asJson(c, callerError(err, c, deps));
}

/** The page's answer to an error: its message, which htmx shows where the request said. */
export function htmlErrors(deps: ErrorDeps): ErrorHandler {
  return (err, c) => asHtml(c, callerError(err, c, deps));
}

/**
 * For a route whose errors belong somewhere other than its target (the form's post adds a run
 * card to the list, its errors go to the form's status line): tells htmx where to put them —
 * one place, or one that depends on the request (none: htmx keeps its target).
 */
export function errorsInto(
  selector: string | ((c: Context) => string | undefined),
): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const target = typeof selector === 'string' ? selector : selector(c);
    if (c.error && c.req.header('HX-Request') === 'true' && target) {
      c.res.headers.set('HX-Retarget', target);
      c.res.headers.set('HX-Reswap', 'innerHTML');
    }
  };
}

/** A browser (and htmx) asks for HTML; programs get JSON. */
const prefersHtml = (c: Context) =>
  c.req.header('HX-Request') === 'true' || (c.req.header('Accept') ?? '').includes('text/html');

/**
 * The root's answer to what no sub-app answered — the Host and cross-site checks in front of
 * every route, and a path no route has — in the form the client asked for.
 */
export function negotiatedErrors(deps: ErrorDeps): ErrorHandler {
  return (err, c) => {
    const error = callerError(err, c, deps);
    return prefersHtml(c) ? asHtml(c, error) : asJson(c, error);
  };
}

/** 405 with an Allow header for a known path asked with another method; 404 otherwise. */
export function unmatchedRoute(app: Hono): NotFoundHandler {
  return (c) => {
    const { method, path } = c.req;
    const allowed = allowedMethods(app, path);
    if (allowed.length === 0) {
      const error = new ApiError('NotFound', `There is no route ${method} ${path}.`);
      return prefersHtml(c) ? c.text('Not found', 404) : asJson(c, error);
    }
    c.header('Allow', allowed.join(', '));
    const error = new ApiError(
      'MethodNotAllowed',
      `${path} answers ${allowed.join(', ')}, not ${method}.`,
    );
    return prefersHtml(c) ? c.text(error.message, 405) : asJson(c, error);
  };
}
