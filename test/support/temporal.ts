import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { inject } from 'vitest';
import { failureConverterPath } from '../../src/codec/data-converter.js';
import { findTool } from '../../src/local/tool-path.js';
import { testDataConverter } from './encryption.js';

export const workflowsPath = fileURLToPath(
  new URL('../../src/workflows/index.ts', import.meta.url),
);

/** The `temporal` CLI: TEMPORAL_CLI, then .tools/bin/temporal (npm run setup), then PATH. */
export function temporalCli(): string {
  return findTool('temporal') ?? 'temporal';
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeQuiet = false;

/** Bundles the workflows once per test file: webpack takes seconds, a worker start milliseconds. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: quietLogger });
  return bundle;
}

export function temporalAddress(): string {
  return inject('temporalAddress');
}

/**
 * The suite's dev server as the SDK's test environment: a client, and the connection workers
 * share. Made once per test file; its `teardown()` closes both (the server stays up). Its
 * client encrypts with the suite's keys, as every client of a deployment does.
 */
export function connectTestEnvironment(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createFromExistingServer({
    address: temporalAddress(),
    client: { dataConverter: testDataConverter },
  });
}

export function randomTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export interface TestWorkerOptions extends Partial<WorkerOptions> {
  taskQueue: string;
  activities: object;
}

/**
 * A worker on the environment's connection, as the samples do: it opens nothing, so there is
 * nothing to close but the environment. Run it with `worker.runUntil(...)`, so it always stops.
 */
export async function createTestWorker(
  env: Pick<TestWorkflowEnvironment, 'nativeConnection'>,
  options: TestWorkerOptions,
): Promise<Worker> {
  return Worker.create({
    dataConverter: testDataConverter,
    ...options,
    connection: env.nativeConnection,
    workflowBundle: await workflowBundle(),
  });
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: unknown) => console.error(message, meta),
};

// The SDK's default logger prints every worker state change; tests want only errors.
function quietRuntime() {
  if (runtimeQuiet) return;
  runtimeQuiet = true;
  try {
    Runtime.install({ logger: quietLogger });
  } catch {
    // Already installed by an earlier call in this process.
  }
}
