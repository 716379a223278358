import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { sourceWorkflowBundle } from './source-workflow-bundle.js';

/** Where a worker or the replayer finds the workflow code. */
export type WorkflowCode = Pick<ReplayWorkerOptions, 'workflowsPath' | 'workflowBundle'>;

// `.ts` when run from source with tsx, `.js` when run from the compiled output.
const ownExtension = extname(fileURLToPath(import.meta.url));
const workflowsPath = fileURLToPath(new URL(`../workflows/index${ownExtension}`, import.meta.url));
const prebuiltBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

/**
 * The workflow code to run. Production (NODE_ENV=production) loads the bundle built ahead of
 * time: no webpack at start-up, and the code that runs is the code that was tested. Run from
 * source, a bundle built from it in a child process (source-workflow-bundle.ts); compiled
 * without NODE_ENV=production, the SDK bundles the compiled code itself.
 */
export async function workflowCode(production: boolean): Promise<WorkflowCode> {
  if (production) return { workflowBundle: { codePath: prebuiltBundlePath } };
  if (ownExtension === '.ts') return { workflowBundle: { codePath: await sourceWorkflowBundle() } };
  return { workflowsPath };
}
