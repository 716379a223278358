import type { BatchLimits } from '../../batch/input/index.js';
import type { Preset } from '../../cast/presets.js';
import type { BatchPage } from '../../client/list-batches.js';
import type { BatchFormProblem, BatchFormValues, SourceCheck } from '../batch-form-input.js';
import type { UiLocation } from '../links.js';
import { BatchForm } from './batch-form.js';
import { RecentBatches } from './recent-batches.js';

/** What the page shows of batches; absent when the app runs without a batch store. */
export interface BatchSectionsProps {
  values: BatchFormValues;
  check: SourceCheck;
  problems: readonly BatchFormProblem[];
  limits: BatchLimits;
  recent: BatchPage;
  /** Why the recent batches could not be listed, if they could not. */
  recentError?: string;
}

/** The batch form beside the list of batches, as the cast form sits beside the runs. */
export function BatchSections({
  batches,
  presets,
  location,
}: {
  batches: BatchSectionsProps;
  presets: readonly Preset[];
  location: UiLocation;
}) {
  return (
    <>
      <section class="new-batch" id="new-batch" aria-labelledby="new-batch-heading">
        <h2 id="new-batch-heading">New batch</h2>
        <BatchForm
          values={batches.values}
          check={batches.check}
          problems={batches.problems}
          presets={presets}
          limits={batches.limits}
        />
      </section>
      <section class="batches" aria-labelledby="batches-heading">
        <h2 id="batches-heading">Batches</h2>
        {batches.recentError ? (
          <p class="banner warning" role="alert">
            Could not list recent batches: {batches.recentError}
          </p>
        ) : null}
        <div id="batches" aria-live="polite" aria-relevant="additions">
          <RecentBatches
            batches={batches.recent.batches}
            nextPageToken={batches.recent.nextPageToken}
            location={location}
          />
        </div>
        {batches.recentError ? null : (
          <p class="no-batches">No batches yet. Upload a file to cast every row of it.</p>
        )}
      </section>
    </>
  );
}
