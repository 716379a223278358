import type { CastView } from '../../client/cast-view.js';

/**
 * What a retrying card says: which attempt of how many, when it starts (or that it runs), and
 * why the one before failed. The activity's message says only what happened; the moment is
 * the reader's to tell. Undefined when the cast is not retrying.
 */
export function retryNote(view: CastView, now: number): string | undefined {
  const { lastError } = view;
  if (view.done || !lastError) return undefined;
  const limit = view.retry?.maximumAttempts;
  const attempt = `attempt ${view.attempt}${limit ? ` of ${limit}` : ''}`;
  const next = view.retry?.nextAttemptAt ? Date.parse(view.retry.nextAttemptAt) - now : NaN;
  if (next > 0) return `Retrying — ${attempt}, next in ${formatWait(next)}: ${lastError.message}`;
  return `Retrying — ${attempt} is running; the attempt before failed: ${lastError.message}`;
}

function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
