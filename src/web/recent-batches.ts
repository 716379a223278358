import { listBatches, type BatchPage } from '../client/list-batches.js';
import { isTemporalUnavailable } from './api-errors.js';
import {
  emptyBatchForm,
  type BatchFormProblem,
  type BatchFormValues,
  type SourceCheck,
} from './batch-form-input.js';
import type { WebDeps } from './deps.js';
import { recentPageSize } from './recent-runs.js';
import type { BatchSectionsProps } from './views/batch-sections.js';

/** One page of this app's recent batches, newest first. */
export function loadRecentBatches(deps: WebDeps, pageToken?: string): Promise<BatchPage> {
  return listBatches(deps.client, {
    taskQueue: deps.taskQueue,
    pageSize: recentPageSize,
    ...(pageToken ? { pageToken } : {}),
  });
}

export interface BatchFormState {
  values: BatchFormValues;
  check: SourceCheck;
  problems: readonly BatchFormProblem[];
}

/**
 * What the page shows of batches: the form (empty, or as a refused submission left it) and the
 * recent batches — or, when Temporal does not answer, why the list is empty. Nothing when the
 * app has no batch store.
 */
export async function loadBatchSections(
  deps: WebDeps,
  form: BatchFormState = { values: emptyBatchForm, check: { state: 'none' }, problems: [] },
): Promise<BatchSectionsProps | undefined> {
  if (!deps.batches) return undefined;
  const sections = { ...form, limits: deps.batches.limits };
  try {
    return { ...sections, recent: await loadRecentBatches(deps) };
  } catch (err) {
    if (isTemporalUnavailable(err)) {
      deps.temporalHealth.recordFailure(String(err));
      return {
        ...sections,
        recent: { batches: [] },
        recentError: deps.temporalHealth.unreachableMessage(),
      };
    }
    deps.logger?.warn({ err }, 'listing recent batches failed');
    return {
      ...sections,
      recent: { batches: [] },
      recentError: 'the Temporal server did not answer. Reload the page to try again.',
    };
  }
}
