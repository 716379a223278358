import { Hono, type Context } from 'hono';
import { except } from 'hono/combine';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { loopbackHosts } from '../config.js';
import { allowedHostCheck } from './allowed-hosts.js';
import { allowedMethods } from './allowed-methods.js';
import { ApiError, isTemporalUnavailable, temporalUnavailable } from './api-errors.js';
import { crossOriginProtection } from './cross-origin.js';
import type { WebDeps } from './deps.js';
import { createAccess } from './access/api-tokens.js';
import { requireApiAccess, requirePageAccess } from './access/require-access.js';
import { signInRoutes } from './access/sign-in-routes.js';
import { callerLimit, submitRateLimit } from './access/submit-rate-limit.js';
import { apiCastRoutes } from './routes/api-casts.js';
import { apiTypeRoutes } from './routes/api-types.js';
import { castFragmentRoutes } from './routes/cast-fragments.js';
import { codecPath, codecRoutes } from './routes/codec.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { securityHeaders } from './security-headers.js';
import { staticRoutes } from './static-assets.js';

export type { WebDeps } from './deps.js';

/** Sign-in attempts per caller per minute: plenty for a person, slow for a guesser. */
const signInAttemptsPerMinute = 10;

/**
 * The web app as a value: the page and its htmx fragments, the JSON API, its OpenAPI document
 * and docs, health and static files. Entry points serve `app.fetch`; tests call `app.request`.
 */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono();
  const log = deps.logger;
  const health = deps.temporalHealth;

  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    log?.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started },
      'request',
    );
  });
  app.use(securityHeaders());
  // Health checks (Docker's, a load balancer's) address the container by whatever name.
  app.use(except('/health', allowedHostCheck(deps.allowedHosts ?? loopbackHosts)));
  // The codec endpoint is called from the Temporal UI's origin: its CORS allow-list decides.
  app.use(except(`${codecPath}/*`, crossOriginProtection()));

  // With tokens, everything but health, sign-in and the files the sign-in page needs is behind
  // them: JSON clients get 401, a person the sign-in form. The codec checks its own (CORS first).
  const access = deps.access ?? createAccess([]);
  if (access.enabled) {
    app.use('/api/*', requireApiAccess(access));
    app.use('/openapi.json', requireApiAccess(access));
    app.use(
      except(
        [
          '/health',
          '/sign-in',
          '/sign-out',
          '/static/*',
          '/favicon.ico',
          '/api/*',
          '/openapi.json',
          `${codecPath}/*`,
        ],
        requirePageAccess(access),
      ),
    );
  }
  const submissions = callerLimit(deps.submitRatePerMinute ?? 0);
  app.post('/api/casts', submitRateLimit(submissions, deps.submitRatePerMinute ?? 0));
  app.post('/casts', submitRateLimit(submissions, deps.submitRatePerMinute ?? 0));
  app.route('/', signInRoutes(access, callerLimit(signInAttemptsPerMinute)));
  app.route(
    codecPath,
    codecRoutes({
      codecs: deps.codec?.codecs ?? [],
      origins: deps.codec?.origins ?? [],
      namespace: deps.namespace,
      access,
      logger: deps.logger,
    }),
  );

  app.route('/', homeRoutes(deps));
  app.route('/casts', castFragmentRoutes(deps));
  app.route('/api/casts', apiCastRoutes(deps));
  app.route('/api/types', apiTypeRoutes());
  app.route('/health', healthRoutes(deps));
  app.route('/', docsRoutes());
  app.route('/static', staticRoutes());
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      const message = `${c.req.path} answers ${allowed.join(', ')}, not ${c.req.method}.`;
      return wantsJson(c)
        ? c.json(new ApiError('MethodNotAllowed', message).toBody(), 405)
        : c.text(message, 405);
    }
    return wantsJson(c)
      ? c.json(
          new ApiError('NotFound', `There is no route ${c.req.method} ${c.req.path}.`).toBody(),
          404,
        )
      : c.text('Not found', 404);
  });

  app.onError((err, c) => {
    // The health state logs the outage once; each request need not.
    const unreachable = isTemporalUnavailable(err);
    if (unreachable) health.recordFailure(String(err));
    const error = unreachable ? temporalUnavailable(health.unreachableMessage()) : asApiError(err);
    if (error.status >= 500 && !unreachable)
      log?.error({ err, path: c.req.path }, 'request failed');
    if (wantsJson(c)) return c.json(error.toBody(), error.status);
    // A page request: htmx shows this next to the form; polling cards count it as a failure.
    if (
      c.req.header('HX-Request') === 'true' &&
      c.req.method === 'POST' &&
      c.req.path === '/casts'
    ) {
      c.header('HX-Retarget', '#form-status');
      c.header('HX-Reswap', 'innerHTML');
    }
    return c.html(html`<span class="error">${error.message}</span>`, error.status);
  });

  return app;
}

const wantsJson = (c: Context) =>
  c.req.path.startsWith('/api/') || c.req.path === '/health' || c.req.path === '/openapi.json';

function asApiError(err: Error): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException && err.status === 413)
    return new ApiError('BodyTooLarge', 'The request body is too large.');
  return new ApiError('Internal', 'Something went wrong on the server; the error has been logged.');
}
