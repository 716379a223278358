import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/local/dev-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

/** One real Temporal dev server for the whole run; each test uses its own task queue. */
export default async function setup(project: TestProject) {
  const server = await startDevServer({ cli: process.env.TEMPORAL_CLI ?? 'temporal' });
  project.provide('temporalAddress', server.address);
  return async () => {
    await server.stop();
  };
}
