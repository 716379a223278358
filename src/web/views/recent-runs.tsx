import type { CastListItem } from '../../client/list-casts.js';
import { moreRunsUrl, type UiLocation } from '../links.js';
import { ListedRunCard } from './run-card.js';

export interface RecentRunsProps {
  casts: CastListItem[];
  /** Absent on the last page. */
  nextPageToken?: string;
  location: UiLocation;
}

/**
 * One page of the recent runs, each run its own card, and a "More runs" button that replaces
 * itself with the next page: new cards go on top of the list, older pages below.
 */
export function RecentRuns({ casts, nextPageToken, location }: RecentRunsProps) {
  return (
    <>
      {casts.map((item) => (
        <ListedRunCard item={item} location={location} />
      ))}
      {nextPageToken ? (
        <div class="more-runs">
          <button
            type="button"
            class="more"
            hx-get={moreRunsUrl(nextPageToken)}
            hx-target="closest .more-runs"
            hx-swap="outerHTML"
          >
            More runs
          </button>
        </div>
      ) : null}
    </>
  );
}
