import OpenAI from 'openai';

export interface ModelClientOptions {
  /** Any non-empty string works for a local OpenAI-compatible server without auth. */
  apiKey?: string;
  /** OpenAI-compatible base URL including `/v1`; the official API when absent. */
  baseURL?: string;
  /** Per-request timeout; it must be shorter than the activity's start-to-close timeout. */
  timeoutMs: number;
}

const officialBaseURL = 'https://api.openai.com/v1';

/**
 * The model client, or undefined when no API key is configured (the activity then fails with
 * ModelNotConfigured instead of the worker refusing to start, so the page can say what to do).
 */
export function createModelClient(options: ModelClientOptions): OpenAI | undefined {
  if (!options.apiKey) return undefined;
  return new OpenAI({
    apiKey: options.apiKey,
    // Explicit, so the client never falls back to reading OPENAI_BASE_URL by itself.
    baseURL: options.baseURL ?? officialBaseURL,
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    // Temporal owns retries: a retry inside the client would hide the failure from the
    // workflow's history and ignore the retry policy (see docs/decisions/0003).
    maxRetries: 0,
  });
}
