import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities.js';

// The floor's worker process: the bench's trivial workflow and activity, with the same worker
// concurrency as the app's own worker, in a process of its own as npm start's worker is.
//   node --import tsx scripts/bench/floor/worker.ts --address A --task-queue Q --activities N --workflow-tasks N

const { values } = parseArgs({
  options: {
    address: { type: 'string' },
    'task-queue': { type: 'string' },
    activities: { type: 'string' },
    'workflow-tasks': { type: 'string' },
  },
});
const whole = (name: string, text: string | undefined) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return n;
};

Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address: values.address });
const worker = await Worker.create({
  connection,
  taskQueue: values['task-queue'] ?? 'bench-floor',
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities,
  maxConcurrentActivityTaskExecutions: whole('activities', values.activities),
  maxConcurrentWorkflowTaskExecutions: whole('workflow-tasks', values['workflow-tasks']),
});
console.log('floor worker ready');
// The SDK's runtime stops the worker on SIGINT and SIGTERM; run() then resolves.
await worker.run();
await connection.close();
