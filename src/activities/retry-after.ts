/**
 * The longest wait a server may ask for before one retry. A server asking for more (a daily
 * quota used up, `Retry-After: 86400`) fails the cast at once, saying when to come back,
 * rather than keeping it asleep for hours.
 */
export const maxRetryAfterMs = 5 * 60_000;

/**
 * The delay the server asked for, from `retry-after-ms` or `Retry-After` (seconds or an HTTP
 * date); undefined when it asked for none, or for "now".
 */
export function retryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const millis = headers.get('retry-after-ms');
  if (millis !== null && /^\s*\d+(\.\d+)?\s*$/.test(millis)) return positive(Number(millis));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return positive(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return positive(date - now);
}

function positive(ms: number): number | undefined {
  // A date in the past or zero says "now": leave it to the retry policy's backoff.
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.ceil(ms);
}

/** "3 s", "4.5 s", "5 min", "24 h": for messages about waiting. */
export function formatDelay(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${Math.round(minutes / 60)} h`;
}
