import { createBatchActivities } from './batch-activities.js';
import { createCastWithModel, type CastWithModelDeps } from './cast-with-model.js';
import type { BatchStore } from '../store/batch-store.js';

export interface ActivityDeps extends CastWithModelDeps {
  /** Where batches keep rows and results; batch activities fail without one. */
  batchStore?: BatchStore;
}

/** The worker's activities, built from their dependencies so tests can swap any of them. */
export function createActivities(deps: ActivityDeps) {
  const castWithModel = createCastWithModel(deps);
  return {
    castWithModel,
    ...createBatchActivities({ store: deps.batchStore, castWithModel }),
  };
}
