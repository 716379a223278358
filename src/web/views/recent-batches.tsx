import type { BatchListItem } from '../../client/list-batches.js';
import { moreBatchesUrl } from '../batch-links.js';
import type { UiLocation } from '../links.js';
import { ListedBatchCard } from './batch-card.js';

export interface RecentBatchesProps {
  batches: BatchListItem[];
  /** Absent on the last page. */
  nextPageToken?: string;
  location: UiLocation;
}

/** One page of recent batches and a "More batches" button that replaces itself with the next. */
export function RecentBatches({ batches, nextPageToken, location }: RecentBatchesProps) {
  return (
    <>
      {batches.map((item) => (
        <ListedBatchCard item={item} location={location} />
      ))}
      {nextPageToken ? (
        <div class="more-runs">
          <button
            type="button"
            class="more"
            hx-get={moreBatchesUrl(nextPageToken)}
            hx-target="closest .more-runs"
            hx-swap="outerHTML"
          >
            More batches
          </button>
        </div>
      ) : null}
    </>
  );
}
