import OpenAI from 'openai';

export interface ModelClientOptions {
  /** Not needed for a server of one's own (the local model, Ollama, …): a placeholder is sent. */
  apiKey?: string;
  /** OpenAI-compatible base URL including `/v1`; the official API when absent. */
  baseURL?: string;
  /** Per-request timeout; it must be shorter than the activity's start-to-close timeout. */
  timeoutMs: number;
}

const officialBaseURL = 'https://api.openai.com/v1';
// The client insists on a key; a keyless server ignores the Authorization header it makes.
const keylessPlaceholder = 'no-key';

/**
 * The model client, or undefined when neither a key nor a server is given (the activity then
 * fails with ModelNotConfigured instead of the worker refusing to start).
 */
export function createModelClient(options: ModelClientOptions): OpenAI | undefined {
  if (!options.apiKey && !options.baseURL) return undefined;
  return new OpenAI({
    apiKey: options.apiKey ?? keylessPlaceholder,
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
