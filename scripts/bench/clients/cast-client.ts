import type { BenchItem } from '../items.js';
import type { BenchOptions } from '../options.js';
import type { ReadLog } from './http.js';

export interface ClientContext {
  appUrl: string;
  options: BenchOptions;
  reads: ReadLog;
  signal: AbortSignal;
}

/** What a client saw at the end: the value, and how the app said it got it. */
export interface SeenValue {
  value: unknown;
  /** new, joined or cached, as the app answered the submit. */
  outcome?: string;
}

/** One way of submitting a cast and following it to its value: a browser's, a program's. */
export interface CastClient {
  /** "poll every 1000 ms": how the report names it. */
  describe(options: BenchOptions): string;
  /** Gets ready for one checkout: a way to cast there, or why it cannot be followed this way. */
  forApp(appUrl: string, signal: AbortSignal): Promise<CastFunction | { unsupported: string }>;
}

/** Submits the item and follows it until its value is seen; a BenchFailure otherwise. */
export type CastFunction = (item: BenchItem, context: ClientContext) => Promise<SeenValue>;
