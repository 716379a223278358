import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error as OpenAI's API answers it, so the `openai` client and its callers read it as usual. */
export class OpenAIError extends Error {
  override name = 'OpenAIError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  toBody() {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

export const invalidRequest = (message: string, param: string | null = null, code?: string) =>
  new OpenAIError(400, message, 'invalid_request_error', param, code ?? null);
