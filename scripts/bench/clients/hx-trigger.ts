import { BenchFailure } from '../failures.js';

/**
 * How long htmx waits before a card's next request, from its hx-trigger: `every 1s` polls
 * after the interval, `load` (optionally `delay:…`) asks again as soon as the card is in the
 * page — a server that holds the read open until something changes answers with that. The
 * first trigger that fires on its own counts; any other kind (a click, an SSE event) is
 * something the bench does not know how to follow, and says so rather than guess.
 */
export function triggerDelayMs(trigger: string): number {
  for (const part of trigger.split(',').map((text) => text.trim())) {
    const every = /^every\s+(\S+)$/.exec(part);
    if (every) return interval(every[1]!, trigger);
    if (part === 'load') return 0;
    const delayed = /^load\s+delay:(\S+)$/.exec(part);
    if (delayed) return interval(delayed[1]!, trigger);
  }
  throw new BenchFailure(
    'page',
    `the card's hx-trigger "${trigger}" is not one the bench follows (every …, load): ` +
      'teach scripts/bench/clients/hx-trigger.ts',
  );
}

/** htmx's interval syntax: 500ms, 1s, 2m, or a bare number of milliseconds. */
function interval(text: string, trigger: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!match)
    throw new BenchFailure('page', `the interval in hx-trigger "${trigger}" is not htmx's`);
  const value = Number(match[1]);
  return match[2] === 's' ? value * 1_000 : match[2] === 'm' ? value * 60_000 : value;
}
