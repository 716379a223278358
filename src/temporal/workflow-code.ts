import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayWorkerOptions } from '@temporalio/worker';

/** Where a worker or the replayer finds the workflow code. */
export type WorkflowCode = Pick<ReplayWorkerOptions, 'workflowsPath' | 'workflowBundle'>;

// `.ts` when run from source with tsx, `.js` when run from the compiled output.
const ownExtension = extname(fileURLToPath(import.meta.url));
const workflowsPath = fileURLToPath(new URL(`../workflows/index${ownExtension}`, import.meta.url));
const prebuiltBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

/**
 * The workflow code to run. Production (NODE_ENV=production) loads the bundle built ahead of
 * time: no webpack at start-up, and the code that runs is the code that was tested. Development
 * bundles from source.
 */
export function workflowCode(production: boolean): WorkflowCode {
  return production ? { workflowBundle: { codePath: prebuiltBundlePath } } : { workflowsPath };
}
