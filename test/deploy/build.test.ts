import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { npmScriptCommand } from '../../scripts/bench/app/npm-script.js';
import { startCast } from '../../src/client/start-cast.js';
import { loadConfig } from '../../src/config.js';
import type * as CreateWorker from '../../src/temporal/create-worker.js';
import type * as StaticAssets from '../../src/web/static-assets.js';
import { fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { startModelServer } from '../support/model-server.js';
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
    // The compiled entry points it emits are what the start scripts run.
    expect(npmScriptCommand(root, 'start:worker').program).toEqual(['dist/worker.js']);
    expect(npmScriptCommand(root, 'start:web').program).toEqual(['dist/web.js']);
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

  it('produces a workflow bundle that the compiled production worker loads from dist/ and runs a cast on', async () => {
    const logged: LogEntry[] = [];
    Runtime.install({ logger: new DefaultLogger('DEBUG', (entry) => logged.push(entry)) });
    const model = await startModelServer();
    model.setDefault({ answer: [4, 2] });
    const compiled = join(outDir, 'temporal', 'create-worker.js');
    const { createWorker } = (await import(compiled)) as typeof CreateWorker;
    const config = loadConfig({
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: randomTaskQueue('build'),
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: model.url,
    });
    expect(config.worker.production).toBe(true);
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    const client = new Client({
      connection: await Connection.connect({ address: temporalAddress() }),
    });
    try {
      const worker = await createWorker(config, connection);
      const result = await worker.runUntil(async () => {
        const { id } = await startCast(
          { client, taskQueue: config.temporal.taskQueue, activity: fastActivity },
          numberListRequest(),
        );
        return client.workflow.getHandle(id).result();
      });
      expect(result).toMatchObject({ phase: 'completed', result: [4, 2] });
    } finally {
      await client.connection.close();
      await connection.close();
      await model.close();
    }
    // The worker read the bundle the build wrote, and bundled nothing itself.
    const created = logged.find((entry) => entry.message === 'Creating worker');
    expect(created?.meta).toMatchObject({
      options: { workflowBundle: { codePath: join(outDir, 'workflow-bundle.js') } },
    });
    expect(logged.map((entry) => entry.message)).not.toContain('Workflow bundle created');
  });
});
