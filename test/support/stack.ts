import { freePort } from '../../src/local/free-port.js';
import type { ModelServer } from './model-server.js';
import { randomTaskQueue, temporalAddress } from './temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from './worker-process.js';

export interface RunningStack {
  url: string;
  /** The one process that runs worker and web. */
  pid?: number;
  stop(): Promise<void>;
  output(): string;
}

/**
 * The whole app as `npm start` runs it (worker and web in one process) against the suite's
 * Temporal dev server and a scripted model.
 */
export async function startStack(
  model: ModelServer,
  env: Record<string, string> = {},
): Promise<RunningStack> {
  const port = await freePort();
  const child = spawnEntry('src/start.ts', {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: randomTaskQueue('stack'),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    CAST_RETRY_INITIAL_SECONDS: '0.2',
    ...env,
  });
  await waitForOutput(child, /typecast is running/);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => stopProcess(child, 'SIGINT'),
    output: () => child.output(),
  };
}
