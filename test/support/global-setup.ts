import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/local/dev-server.js';
import { temporalCli } from './temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

/** One real Temporal dev server for the whole run; each test uses its own task queue. */
export default async function setup(project: TestProject) {
  const server = await startDevServer({ cli: temporalCli() });
  project.provide('temporalAddress', server.address);
  return async () => {
    await server.stop();
  };
}
