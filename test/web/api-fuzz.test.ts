import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tool } from '../deploy/tools.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';

// Schemathesis generates requests from /openapi.json and checks every answer against it:
// no 5xx, documented status codes, content types and response schemas, 405 for other methods.
let model: ModelServer;
let stack: RunningStack;
let workDir: string;
// With tokens: the fuzzer sends this one, and checks that requests without it, or with a
// wrong one, are refused (its ST401 checks).
const token = `fuzz-token-${Date.now()}-0123456789`;

beforeAll(async () => {
  model = await startModelServer();
  model.respondWith(() => ({ answer: 'a value' }));
  stack = await startStack(model, {
    OPENAI_MODEL: `fuzz-${Date.now()}`,
    TYPECAST_API_TOKENS: token,
    TYPECAST_SUBMIT_RATE_PER_MINUTE: '0',
  });
  workDir = await mkdtemp(join(tmpdir(), 'typecast-schemathesis-'));
});

afterAll(async () => {
  await stack?.stop();
  await model?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it('the running API conforms to its own OpenAPI document', async () => {
  const result = await promisify(execFile)(
    tool('schemathesis'),
    [
      'run',
      `${stack.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      'all',
      // Valid JSON can still be a bad cast (whitespace-only data, an unknown preset, a type
      // that does not parse): those are documented 422s, which this check would count as failures.
      '--exclude-checks',
      'positive_data_acceptance',
      '--max-examples',
      '25',
      '--seed',
      '1',
      '--no-color',
    ],
    { cwd: workDir, timeout: 240_000, maxBuffer: 10_000_000 },
  ).catch((err: { code: number; stdout: string; stderr: string }) => err);
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output, output).toMatch(/\d+ generated, \d+ passed/);
  expect('code' in result ? result.code : 0, output).toBe(0);
}, 300_000);
