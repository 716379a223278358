import type { CastErrorInfo } from '../../cast/errors.js';
import type { CastListItem } from '../../client/list-casts.js';
import { castVersion, isFinal, type CastStatus, type CastView } from '../../client/cast-view.js';
import type { StartOutcome } from '../../client/start-cast.js';
import { cardCancelUrl, cardUrl, temporalRunUrl, type UiLocation } from '../links.js';
import { retryNote } from './retry-note.js';
import { ValueView } from './value-view.js';

const phaseLabels: Record<CastStatus, string> = {
  queued: 'Queued',
  casting: 'Casting',
  retrying: 'Retrying',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  terminated: 'Terminated',
  'timed-out': 'Timed out',
  'not-found': 'Not found',
};

/**
 * While a card is not done it asks for its own run once, as a batch card does: with `since`
 * the server answers when the cast has moved on (or after a bound), with the card again,
 * which asks again. The final fragment has no trigger, so asking stops. Without `since` (a
 * listed run) the answer comes at once.
 */
function pollingAttributes(
  id: string,
  runId: string | undefined,
  done: boolean,
  { outcome, since }: { outcome?: StartOutcome; since?: string } = {},
) {
  if (done) return {};
  return {
    'hx-get': cardUrl(id, { runId, outcome, since }),
    'hx-trigger': 'load',
    'hx-swap': 'outerHTML',
  };
}

function CacheMark({ outcome }: { outcome?: StartOutcome }) {
  if (outcome === 'cached') return <span class="mark cache-hit">cache hit</span>;
  if (outcome === 'joined')
    return <span class="mark cache-hit">cache hit: joined a running cast</span>;
  return null;
}

export interface RunCardProps {
  view: CastView;
  outcome?: StartOutcome;
  location: UiLocation;
  now: number;
}

/** One cast as the page shows it; also the HTML fragment that GET /casts/:id returns. */
export function RunCard({ view, outcome, location, now }: RunCardProps) {
  const { id, runId, phase, done } = view;
  const elapsed = elapsedMs(view, now);
  return (
    <article
      class={`run-card phase-${phase}`}
      data-cast-id={id}
      data-run-id={runId}
      data-phase={phase}
      aria-busy={done ? 'false' : 'true'}
      {...pollingAttributes(id, runId, done, { outcome, since: castVersion(view) })}
    >
      <header class="run-head">
        <span class="phase">{phaseLabels[phase]}</span>
        <CacheMark outcome={outcome} />
        <span class="target">
          <code>{view.target}</code>
        </span>
      </header>
      {view.summary ? <p class="preview">{view.summary.textPreview}</p> : null}
      {phase === 'not-found' ? null : (
        <dl class="facts">
          <dt>Attempt</dt>
          <dd>{view.attempt}</dd>
          {elapsed !== undefined ? (
            <>
              <dt>{done ? 'Took' : 'Elapsed'}</dt>
              <dd>{formatDuration(elapsed)}</dd>
            </>
          ) : null}
          {view.model ? (
            <>
              <dt>Model</dt>
              <dd>{view.model}</dd>
            </>
          ) : null}
          {view.usage ? (
            <>
              <dt>Tokens</dt>
              <dd>{view.usage.totalTokens}</dd>
            </>
          ) : null}
        </dl>
      )}
      {!done && view.lastError ? <p class="last-error">{retryNote(view, now)}</p> : null}
      {phase === 'completed' ? <ValueView value={view.result} /> : null}
      {view.error && phase !== 'completed' ? <ErrorView error={view.error} /> : null}
      <footer class="run-foot">
        {phase === 'not-found' ? null : (
          <a href={temporalRunUrl(location, id, runId)} target="_blank" rel="noopener noreferrer">
            Open in Temporal UI
          </a>
        )}
        {done ? null : (
          <button
            type="button"
            class="cancel"
            hx-post={cardCancelUrl(id, runId)}
            hx-target="closest .run-card"
            hx-swap="outerHTML"
          >
            Cancel
          </button>
        )}
      </footer>
    </article>
  );
}

function ErrorView({ error }: { error: CastErrorInfo }) {
  return (
    <div class="cast-error">
      <p>
        <strong class="error-type">{error.type}</strong>:{' '}
        <span class="error-message">{error.message}</span>
      </p>
      {error.issues && error.issues.length > 0 ? (
        <>
          <p>What was wrong with the last answer:</p>
          <ul class="issues">
            {error.issues.map((issue) => (
              <li>{issue}</li>
            ))}
          </ul>
        </>
      ) : null}
      {error.rawOutput !== undefined ? (
        <details open>
          <summary>The model's last answer</summary>
          <pre class="raw-output">
            <code>{error.rawOutput}</code>
          </pre>
        </details>
      ) : null}
    </div>
  );
}

/**
 * A run from the recent list: the list has no results, so a running one polls for its full
 * card at once and a closed one loads it on request.
 */
export function ListedRunCard({ item, location }: { item: CastListItem; location: UiLocation }) {
  const done = isFinal(item.phase);
  return (
    <article
      class={`run-card listed phase-${item.phase}`}
      data-cast-id={item.id}
      data-run-id={item.runId}
      data-phase={item.phase}
      aria-busy={done ? 'false' : 'true'}
      {...pollingAttributes(item.id, item.runId, done)}
    >
      <header class="run-head">
        <span class="phase">{phaseLabels[item.phase]}</span>
        <span class="target">
          <code>{item.summary?.target ?? ''}</code>
        </span>
      </header>
      {item.summary ? <p class="preview">{item.summary.textPreview}</p> : null}
      {item.startTime ? (
        <p class="started">
          Started <time datetime={item.startTime}>{formatTime(item.startTime)}</time>
        </p>
      ) : null}
      <footer class="run-foot">
        <a
          href={temporalRunUrl(location, item.id, item.runId)}
          target="_blank"
          rel="noopener noreferrer"
        >
          Open in Temporal UI
        </a>
        {done ? (
          <button
            type="button"
            class="details"
            hx-get={cardUrl(item.id, { runId: item.runId })}
            hx-target="closest .run-card"
            hx-swap="outerHTML"
          >
            Show result
          </button>
        ) : null}
      </footer>
    </article>
  );
}

export function elapsedMs(view: CastView, now: number): number | undefined {
  if (view.timings.durationMs !== undefined) return view.timings.durationMs;
  const since = Date.parse(view.timings.startedAt ?? view.timings.queuedAt);
  if (Number.isNaN(since)) return undefined;
  const until = view.timings.finishedAt ? Date.parse(view.timings.finishedAt) : now;
  return Math.max(0, until - since);
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatTime(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}
