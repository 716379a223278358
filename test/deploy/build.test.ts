import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type * as CreateWorker from '../../src/temporal/create-worker.js';
import type * as StaticAssets from '../../src/web/static-assets.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { productionBuild } from './production-build.js';
import { root } from './tools.js';

// The production build, as `npm run build` runs it, shared with production-commands.test.ts.
let outDir: string;

describe('production build', () => {
  beforeAll(async () => {
    outDir = await productionBuild();
  }, 300_000);

  it('is what `npm run build` runs', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.build).toBe(
      'tsc -p tsconfig.build.json && npm run build:static && npm run build:workflows',
    );
    expect(scripts['build:static']).toBe('tsx scripts/copy-web-static.ts');
    expect(scripts['build:workflows']).toBe('tsx scripts/build-workflow-bundle.ts');
    expect(scripts['start:worker']).toBe('node dist/worker.js');
    expect(scripts['start:web']).toBe('node dist/web.js');
  });

  it('emits the entry points and the workflow bundle, and nothing from test/ or scripts/', () => {
    for (const file of ['worker.js', 'web.js', 'workflow-bundle.js', 'config.js']) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
    expect(existsSync(join(outDir, 'worker.js.map'))).toBe(true);
    expect(existsSync(join(outDir, 'test'))).toBe(false);
    expect(existsSync(join(outDir, 'scripts'))).toBe(false);
    expect(existsSync(join(outDir, 'src'))).toBe(false);
  });

  it('puts the web static files where the compiled web reads them', async () => {
    const compiled = join(outDir, 'web', 'static-assets.js');
    const { loadStaticAssets } = (await import(compiled)) as typeof StaticAssets;
    // Throws if any file is missing; node_modules assets (htmx, Swagger UI) resolve from /app too.
    const assets = loadStaticAssets();
    for (const name of ['app.css', 'app.js', 'htmx.min.js']) {
      expect(assets.get(name)?.body.byteLength, name).toBeGreaterThan(0);
    }
    expect(Buffer.from(assets.get('app.css')!.body).toString()).toBe(
      readFileSync(join(root, 'src', 'web', 'static', 'app.css'), 'utf8'),
    );
  });

  it('produces a workflow bundle that the compiled production worker loads from dist/', async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    // The compiled create-worker.js finds the bundle at ../workflow-bundle.js from itself.
    const compiled = join(outDir, 'temporal', 'create-worker.js');
    const { createWorker } = (await import(compiled)) as typeof CreateWorker;
    const config = loadConfig({
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: randomTaskQueue('build'),
    });
    expect(config.worker.production).toBe(true);
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    try {
      const worker = await createWorker(config, connection);
      // createWorker has read and checked the bundle (a corrupt one is rejected there); run it.
      await worker.runUntil(new Promise((resolve) => setTimeout(resolve, 500)));
      expect(worker.getState()).toBe('STOPPED');
    } finally {
      await connection.close();
    }
    expect(relative(outDir, compiled)).toBe(join('temporal', 'create-worker.js'));
  });
});
