import type { BatchStatus, BatchSummary, BatchView } from '../../client/batch-view.js';
import type { BatchListItem } from '../../client/list-batches.js';
import { batchCardCancelUrl, batchCardRetryUrl, batchCardUrl, batchLinks } from '../batch-links.js';
import type { UiLocation } from '../links.js';
import { formatDuration, formatTime } from './run-card.js';

const statusLabels: Record<BatchStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
  terminated: 'Terminated',
  'timed-out': 'Timed out',
};

const count = (n: number) => n.toLocaleString('en');

const percent = (done: number, total: number) =>
  total > 0 ? Math.floor((done * 100) / total) : 100;

/** Where the rows came from, in a few words. */
function source(summary: BatchSummary): string {
  const what = summary.filename ?? `${count(summary.total)} pasted rows`;
  return summary.column !== undefined ? `${what}, column “${summary.column}”` : what;
}

function Head({ status, summary }: { status: BatchStatus; summary?: BatchSummary }) {
  return (
    <header class="run-head">
      <span class="phase">{statusLabels[status]}</span>
      {summary?.retryOf ? <span class="mark">retry</span> : null}
      <span class="target">
        <code>{summary?.target ?? ''}</code>
      </span>
    </header>
  );
}

function Bar({ done, total }: { done: number; total: number }) {
  return (
    <div class="bar">
      {/* A native progress element: no inline style, which the Content-Security-Policy refuses. */}
      <progress max={total} value={done} aria-label="Rows done">
        {percent(done, total)}%
      </progress>
      <span class="percent">{percent(done, total)}%</span>
    </div>
  );
}

/**
 * Downloads, the run in the Temporal UI, and the actions the batch's state allows. The
 * results are there while it runs (the rows done so far) and after.
 */
function Foot({
  id,
  location,
  running,
  retryable,
}: {
  id: string;
  location: UiLocation;
  running: boolean;
  retryable: boolean;
}) {
  const links = batchLinks(location, id);
  return (
    <footer class="run-foot">
      <a class="download" href={links.csv} download>
        {running ? 'CSV so far' : 'Download CSV'}
      </a>
      <a class="download" href={links.jsonl} download>
        {running ? 'JSONL so far' : 'JSONL'}
      </a>
      <a href={links.ui} target="_blank" rel="noopener noreferrer">
        Open in Temporal UI
      </a>
      {running ? (
        <button
          type="button"
          class="cancel"
          hx-post={batchCardCancelUrl(id)}
          hx-target="closest .batch-card"
          hx-swap="outerHTML"
        >
          Cancel
        </button>
      ) : null}
      {retryable ? (
        <button
          type="button"
          class="retry"
          hx-post={batchCardRetryUrl(id)}
          hx-target="#batches"
          hx-swap="afterbegin"
        >
          Retry failed rows
        </button>
      ) : null}
    </footer>
  );
}

/**
 * One batch as the page shows it; also the fragment GET /batches/:id answers. While the batch
 * runs, the card asks for itself again at once, naming the version it shows: the server
 * answers when the batch has moved on (or after a bounded wait), so the bar moves as rows
 * finish without a poll a second. A closed batch's card asks nothing.
 */
export function BatchCard({ view, location }: { view: BatchView; location: UiLocation }) {
  const { id, status, progress: p, summary } = view;
  const running = !view.done;
  const finishedMs =
    view.finishedAt !== undefined ? Date.parse(view.finishedAt) - Date.parse(view.startedAt) : NaN;
  return (
    <article
      id={id}
      class={`batch-card status-${status}`}
      data-batch-id={id}
      data-status={status}
      aria-busy={running ? 'true' : 'false'}
      {...(running
        ? { 'hx-get': batchCardUrl(id, view.version), 'hx-trigger': 'load', 'hx-swap': 'outerHTML' }
        : {})}
    >
      <Head status={status} summary={summary} />
      <p class="preview">{source(summary)}</p>
      <Bar done={p.done} total={p.total} />
      <p class="progress-line">
        <strong>{count(p.done)}</strong> of {count(p.total)} rows done
      </p>
      <dl class="facts counts">
        <dt>Succeeded</dt>
        <dd class="succeeded">{count(p.succeeded)}</dd>
        <dt>From the cache</dt>
        <dd class="cached">{count(p.cached)}</dd>
        <dt>Failed</dt>
        <dd class="failed">{count(p.failed)}</dd>
        {running ? (
          <>
            <dt>In flight</dt>
            <dd class="in-flight">{count(p.inFlight)}</dd>
            <dt>Waiting</dt>
            <dd>{count(Math.max(0, p.remaining - p.inFlight))}</dd>
          </>
        ) : null}
        <dt>Rate</dt>
        <dd class="rate">{p.rowsPerSecond.toLocaleString('en')} rows/s</dd>
        {running && p.etaSeconds !== undefined ? (
          <>
            <dt>ETA</dt>
            <dd class="eta">{formatDuration(p.etaSeconds * 1000)}</dd>
          </>
        ) : null}
        {!running && Number.isFinite(finishedMs) ? (
          <>
            <dt>Took</dt>
            <dd>{formatDuration(finishedMs)}</dd>
          </>
        ) : null}
      </dl>
      {view.error ? (
        <p class="cast-error">
          <strong class="error-type">{view.error.type}</strong>:{' '}
          <span class="error-message">{view.error.message}</span>
        </p>
      ) : null}
      {view.firstFailures.length > 0 ? (
        <details class="failures" open>
          <summary>
            {p.failed > view.firstFailures.length
              ? `The first ${view.firstFailures.length} failed rows`
              : 'Failed rows'}
          </summary>
          <ol>
            {view.firstFailures.map((failure) => (
              <li>
                Row {count(failure.row)}: <strong class="error-type">{failure.type}</strong>:{' '}
                <span class="error-message">{failure.message}</span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <Foot
        id={id}
        location={location}
        running={running}
        retryable={!running && p.done - p.failed < p.total}
      />
      <p class="action-note" role="alert"></p>
    </article>
  );
}

/**
 * A batch from the recent list, from its memo (counts as of its last finished chunk): a
 * running one loads its live card at once; a closed one shows its counts, and its failures on
 * request.
 */
export function ListedBatchCard({ item, location }: { item: BatchListItem; location: UiLocation }) {
  const running = item.status === 'running';
  const counts = item.counts;
  const done = counts ? counts.succeeded + counts.failed : 0;
  const total = counts?.total ?? item.summary?.total ?? 0;
  return (
    <article
      id={item.id}
      class={`batch-card listed status-${item.status}`}
      data-batch-id={item.id}
      data-status={item.status}
      aria-busy={running ? 'true' : 'false'}
      {...(running
        ? { 'hx-get': batchCardUrl(item.id), 'hx-trigger': 'load', 'hx-swap': 'outerHTML' }
        : {})}
    >
      <Head status={item.status} summary={item.summary} />
      {item.summary ? <p class="preview">{source(item.summary)}</p> : null}
      <Bar done={done} total={total} />
      {counts ? (
        <p class="progress-line">
          <strong>{count(done)}</strong> of {count(total)} rows done: {count(counts.succeeded)}{' '}
          succeeded ({count(counts.cached)} from the cache), {count(counts.failed)} failed
        </p>
      ) : null}
      {item.startTime ? (
        <p class="started">
          Started <time datetime={item.startTime}>{formatTime(item.startTime)}</time>
        </p>
      ) : null}
      <Foot
        id={item.id}
        location={location}
        running={running}
        retryable={!running && done - (counts?.failed ?? 0) < total}
      />
      {running ? null : (
        <button
          type="button"
          class="details"
          hx-get={batchCardUrl(item.id)}
          hx-target="closest .batch-card"
          hx-swap="outerHTML"
        >
          Show details
        </button>
      )}
      <p class="action-note" role="alert"></p>
    </article>
  );
}
