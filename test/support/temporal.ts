import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
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

export async function connectTestClient(): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return { connection, client: new Client({ connection, dataConverter: testDataConverter }) };
}

export function randomTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export interface TestWorkerOptions extends Partial<WorkerOptions> {
  taskQueue: string;
  activities: object;
  connection?: NativeConnection;
}

export async function createTestWorker(options: TestWorkerOptions): Promise<Worker> {
  quietRuntime();
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: temporalAddress() }));
  return Worker.create({
    dataConverter: testDataConverter,
    ...options,
    connection,
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
