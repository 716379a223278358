import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { openApiDocument } from '../openapi.js';
import { contentSecurityPolicy, docsPolicy } from '../security-headers.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** GET /openapi.json: the JSON API described, from the schemas that validate it. */
export function openApiRoutes() {
  const document = openApiDocument(version);
  return new Hono().get('/', (c) => c.json(document));
}

/** GET /docs: the interactive reference, served from this app under Swagger UI's own policy. */
export function docsRoutes() {
  const app = new Hono();
  app.use(contentSecurityPolicy(docsPolicy));
  app.get('/', (c) =>
    c.html(
      html`<!DOCTYPE html>${(
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>typecast API</title>
              <link rel="icon" href="/static/swagger/favicon-32x32.png" />
              <link rel="stylesheet" href="/static/swagger/swagger-ui.css" />
              <link rel="stylesheet" href="/static/docs.css" />
              <script src="/static/swagger/swagger-ui-bundle.js" defer></script>
              <script src="/static/docs.js" defer></script>
            </head>
            <body>
              <header class="docs-head">
                <a class="brand" href="/">
                  typecast
                </a>
                <span>API reference</span>
                <nav aria-label="Elsewhere">
                  <a href="/">The page</a>
                  <a href="/openapi.json">openapi.json</a>
                </nav>
              </header>
              <div id="swagger-ui"></div>
            </body>
          </html>
        )}`,
    ),
  );
  return app;
}
