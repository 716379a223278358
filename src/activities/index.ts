import { createCastWithModel, type CastWithModelDeps } from './cast-with-model.js';

export type ActivityDeps = CastWithModelDeps;

/** The worker's activities, built from their dependencies so tests can swap any of them. */
export function createActivities(deps: ActivityDeps) {
  return { castWithModel: createCastWithModel(deps) };
}
