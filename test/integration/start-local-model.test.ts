import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { eventually } from '../support/cast-fixtures.js';
import { temporalCli } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

// `npm start` as a new user runs it: no OPENAI_* anywhere, so it starts the offline model
// itself, and the page's three examples complete on it.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-local-model-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Example {
  fields: Record<string, string>;
}

/** The example buttons of the page: each is a form of hidden fields. */
function examplesOf(page: string): Example[] {
  const section = /<section class="examples"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
  return [...section.matchAll(/<form[\s\S]*?<\/form>/g)].map(([form]) => ({
    fields: Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&'),
      ]),
    ),
  }));
}

/** The same submission through the JSON API. */
function apiBody({ fields }: Example) {
  const target =
    fields.targetKind === 'type'
      ? { type: fields.type }
      : {
          preset: fields.preset,
          ...(fields.labels ? { labels: fields.labels.split(',').map((l) => l.trim()) } : {}),
        };
  return { data: fields.data, target, fresh: true };
}

/** Processes whose command line mentions our data folder, or run our model server. */
function leftovers(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

it('npm start with no model API runs the local model, and the page’s examples complete on it', async () => {
  const ports = { web: await freePort(), temporal: await freePort(), ui: await freePort() };
  const base = `http://127.0.0.1:${ports.web}`;
  const child = spawnEntry('src/start.ts', {
    TYPECAST_DATA_DIR: dataDir,
    TEMPORAL_CLI: temporalCli(),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_DEV_UI_PORT: String(ports.ui),
    PORT: String(ports.web),
    LOG_LEVEL: 'warn',
    ...(process.env.TYPECAST_LOCAL_MODEL_PATH
      ? { TYPECAST_LOCAL_MODEL_PATH: process.env.TYPECAST_LOCAL_MODEL_PATH }
      : {}),
  });
  let modelUrl: string;
  try {
    await waitForOutput(child, /typecast is running/, 180_000);
    const banner = child.output();
    expect(banner).toContain('model:        smollm2-135m (local) at http://127.0.0.1:');
    expect(banner).toContain('often wrong. Set OPENAI_API_KEY or OPENAI_BASE_URL');
    modelUrl = /smollm2-135m \(local\) at (\S+)\/v1/.exec(banner)![1]!;
    expect((await fetch(`${modelUrl}/health`)).status).toBe(200);

    const page = await (await fetch(base)).text();
    expect(page).toContain('Model: <strong>smollm2-135m (local)</strong>');
    expect(page).toContain('A small offline model that is often wrong.');
    const examples = examplesOf(page);
    expect(examples).toHaveLength(3);

    const ids = await Promise.all(
      examples.map(async (example) => {
        const res = await fetch(`${base}/api/casts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(apiBody(example)),
        });
        expect(res.status, JSON.stringify(example)).toBe(202);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    const views = await Promise.all(
      ids.map((id) =>
        eventually(
          async () =>
            (await (await fetch(`${base}/api/casts/${id}`)).json()) as {
              phase: string;
              result?: unknown;
              model: string;
              error?: unknown;
            },
          (view) =>
            view.phase !== 'queued' && view.phase !== 'casting' && view.phase !== 'retrying',
          { timeoutMs: 120_000, intervalMs: 500 },
        ),
      ),
    );
    for (const view of views) {
      expect(view.phase, JSON.stringify(view)).toBe('completed');
      expect(view.model).toBe('smollm2-135m (local)');
    }
    const [numbers, location, choice] = views.map((view) => view.result);
    expect(Array.isArray(numbers) && numbers.every((n) => typeof n === 'number')).toBe(true);
    expect(location).toMatchObject({ city: expect.any(String) });
    expect(['Positive', 'Negative']).toContain(choice);
  } finally {
    await stopProcess(child, 'SIGINT');
  }
  expect(child.exitCode ?? child.signalCode).toBe(0);
  expect(leftovers()).toEqual([]);
  await expect(fetch(`${modelUrl}/health`)).rejects.toThrow();
  // The boot may take 180 s (the model loads), the casts on it 120 s, the stop 15 s.
}, 360_000);
