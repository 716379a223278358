import { Hono } from 'hono';
import { loopbackHosts } from '../config.js';
import { allowedHostCheck } from './allowed-hosts.js';
import { crossOriginProtection } from './cross-origin.js';
import type { WebDeps } from './deps.js';
import { apiBatchRoutes } from './routes/api-batches.js';
import { negotiatedErrors, unmatchedRoute } from './error-handlers.js';
import { apiCastRoutes } from './routes/api-casts.js';
import { apiTypeRoutes } from './routes/api-types.js';
import { batchFragmentRoutes } from './routes/batch-fragments.js';
import { castFragmentRoutes } from './routes/cast-fragments.js';
import { docsRoutes, openApiRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { securityHeaders } from './security-headers.js';
import { staticRoutes } from './static-assets.js';

export type { WebDeps } from './deps.js';

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
  // route answers before the Host check below is reached.
  app.route('/health', healthRoutes(deps));
  app.use(allowedHostCheck(deps.allowedHosts ?? loopbackHosts));
  app.use(crossOriginProtection());

  app.route('/', homeRoutes(deps));
  app.route('/casts', castFragmentRoutes(deps));
  app.route('/api/casts', apiCastRoutes(deps));
  if (deps.batches) {
    app.route('/batches', batchFragmentRoutes(deps, deps.batches));
    app.route('/api/batches', apiBatchRoutes(deps, deps.batches));
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
