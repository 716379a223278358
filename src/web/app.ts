import { Hono } from 'hono';
import { except } from 'hono/combine';
import { loopbackHosts } from '../config.js';
import { allowedHostCheck } from './allowed-hosts.js';
import { crossOriginProtection } from './cross-origin.js';
import type { WebDeps } from './deps.js';
import { createAccess } from './access/api-tokens.js';
import { requireApiAccess, requirePageAccess } from './access/require-access.js';
import { signInRoutes } from './access/sign-in-routes.js';
import { callerLimit, submitRateLimit } from './access/submit-rate-limit.js';
import { negotiatedErrors, unmatchedRoute } from './error-handlers.js';
import { apiBatchRoutes } from './routes/api-batches.js';
import { apiCastRoutes } from './routes/api-casts.js';
import { apiTypeRoutes } from './routes/api-types.js';
import { batchFragmentRoutes } from './routes/batch-fragments.js';
import { castFragmentRoutes } from './routes/cast-fragments.js';
import { codecPath, codecRoutes } from './routes/codec.js';
import { docsRoutes, openApiRoutes } from './routes/docs.js';
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
 * Each sub-app answers its own errors (the API in JSON, the page in HTML); this one answers what
 * none of them did.
 */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono();
  const log = deps.logger;

  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    log?.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started },
      'request',
    );
  });
  app.use(securityHeaders());
  // Health checks (Docker's, a load balancer's) address the container by whatever name: the
  // route answers before the Host check below is reached, and before any token is asked for.
  app.route('/health', healthRoutes(deps));
  app.use(allowedHostCheck(deps.allowedHosts ?? loopbackHosts));
  // The codec endpoint is called from the Temporal UI's origin: its CORS allow-list decides.
  app.use(except(`${codecPath}/*`, crossOriginProtection()));

  // With tokens, everything but sign-in and the files the sign-in page needs is behind them:
  // JSON clients get 401, a person the sign-in form. The codec checks its own (CORS first).
  const access = deps.access ?? createAccess([]);
  if (access.enabled) {
    app.use('/api/*', requireApiAccess(access));
    app.use('/openapi.json', requireApiAccess(access));
    app.use(
      except(
        [
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
  // One allowance per caller for every way to start casts; each route answers its own 429.
  const perMinute = deps.submitRatePerMinute ?? 0;
  const submissions = submitRateLimit(callerLimit(perMinute), perMinute);

  app.route('/', homeRoutes(deps));
  app.route('/casts', castFragmentRoutes(deps, submissions));
  app.route('/api/casts', apiCastRoutes(deps, submissions));
  if (deps.batches) {
    app.route('/batches', batchFragmentRoutes(deps, deps.batches, submissions));
    app.route('/api/batches', apiBatchRoutes(deps, deps.batches, submissions));
  }
  app.route('/api/types', apiTypeRoutes());
  app.route('/openapi.json', openApiRoutes());
  app.route('/docs', docsRoutes());
  app.route('/static', staticRoutes());
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound(unmatchedRoute(app));
  app.onError(negotiatedErrors(deps));
  return app;
}
