import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

const require = createRequire(import.meta.url);
const own = (name: string) => new URL(`./static/${name}`, import.meta.url);

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
};

/**
 * The files under /static, read once at start-up: ours from src/web/static, and htmx and
 * Swagger UI from their pinned npm packages, so no page depends on a CDN.
 */
export function loadStaticAssets(): Map<string, Asset> {
  const files: [string, URL | string][] = [
    ['app.css', own('app.css')],
    ['app.js', own('app.js')],
    ['docs.js', own('docs.js')],
    ['docs.css', own('docs.css')],
    ['htmx.min.js', require.resolve('htmx.org/dist/htmx.min.js')],
    ['swagger/swagger-ui.css', require.resolve('swagger-ui-dist/swagger-ui.css')],
    ['swagger/swagger-ui-bundle.js', require.resolve('swagger-ui-dist/swagger-ui-bundle.js')],
    ['swagger/favicon-32x32.png', require.resolve('swagger-ui-dist/favicon-32x32.png')],
  ];
  return new Map(
    files.map(([name, source]) => [
      name,
      {
        body: new Uint8Array(readFileSync(source)),
        type: types[name.split('.').at(-1) ?? ''] ?? 'application/octet-stream',
      },
    ]),
  );
}

export function staticRoutes(assets: Map<string, Asset> = loadStaticAssets()) {
  return new Hono().get('/*', (c) => {
    const name = c.req.path.replace(/^\/static\//, '');
    const asset = assets.get(name);
    if (!asset) return c.text('Not found', 404);
    return c.body(asset.body, 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=300',
    });
  });
}
