/** The one model the local server serves: the id clients send, and what people are shown. */
export const localModelId = 'smollm2-135m';
export const localModelLabel = `${localModelId} (local)`;

/** The file name of the GGUF, wherever it is found (see model-file.ts). */
export const localModelFileName = 'SmolLM2-135M-Instruct.Q4_1.gguf';

/** What the page and `npm start` say while the offline model serves. */
export const localModelNote =
  'A small offline model that is often wrong. Set OPENAI_API_KEY or OPENAI_BASE_URL for real results.';
