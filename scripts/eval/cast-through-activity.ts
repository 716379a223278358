import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type ActivityDeps } from '../../src/activities/index.js';
import type { Cast } from './run-cases.js';

/**
 * The worker's real castWithModel activity, run outside a worker: each case gets its own
 * activity context (heartbeats and cancellation as in a worker), so the eval measures exactly
 * the prompt, schema, validation and re-asks that production uses. Temporal's retries are not
 * applied: a retryable failure counts as a failure of the case.
 */
export function castThroughActivity(deps: ActivityDeps): Cast {
  const { castWithModel } = createActivities(deps);
  return (request) =>
    new MockActivityEnvironment(undefined, { logger: silent }).run(castWithModel, request);
}

// The activity logs every ask; the eval reports per case instead.
const ignore = () => undefined;
const silent: Logger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
