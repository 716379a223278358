import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../logger.js';
import { chatRequestSchema } from './chat-request.js';
import { PromptTooLong, type CompletionQueue } from './completion-queue.js';
import { invalidRequest, OpenAIError } from './openai-error.js';
import type { ResponseGrammars } from './response-grammar.js';

/** What the server answers with once the model is loaded. */
export interface ReadyModel {
  queue: CompletionQueue;
  grammars: ResponseGrammars;
}

export interface ModelServerDeps {
  modelId: string;
  /** The loaded model, or undefined while it loads (requests then get a 503). */
  ready(): ReadyModel | undefined;
  /** Every answer stops here, whatever the request asks. */
  maxTokensCap: number;
  /** Aborted on shutdown: waiting and running requests stop. */
  shutdownSignal?: AbortSignal;
  logger?: Logger;
}

const maxBodyBytes = 1024 * 1024;

/**
 * The local OpenAI-compatible endpoint as a value: `POST /v1/chat/completions` (not streamed),
 * `GET /v1/models` and `GET /health`, with OpenAI's error shape, so the worker's one `openai`
 * client path serves this model like any other.
 */
export function createModelServerApp(deps: ModelServerDeps): Hono {
  const app = new Hono();
  const { modelId, logger } = deps;
  const modelCard = { id: modelId, object: 'model' as const, created: 0, owned_by: 'typecast' };

  app.post(
    '/v1/chat/completions',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new OpenAIError(
          413,
          'The request body is larger than 1 MiB.',
          'invalid_request_error',
        );
      },
    }),
    async (c) => {
      // Read first: the node adapter only wires the client's disconnect to a signal it has made.
      const clientSignal = c.req.raw.signal;
      const body = chatRequestSchema.safeParse(await readJson(c.req.raw));
      if (!body.success) {
        const issue = body.error.issues[0];
        const param = issue?.path.join('.') || null;
        throw invalidRequest(
          `Invalid request body: ${param ? `${param}: ` : ''}${issue?.message ?? 'unexpected shape'}.`,
          param,
        );
      }
      const request = body.data;
      if (request.model !== modelId) throw unknownModel(request.model);
      if (request.stream)
        throw invalidRequest('This server does not stream; send "stream": false.', 'stream');
      const model = deps.ready();
      if (!model) throw loading();
      if (deps.shutdownSignal?.aborted) throw shuttingDown();

      const grammar = await model.grammars.grammarFor(request.response_format);
      const requested = request.max_completion_tokens ?? request.max_tokens ?? deps.maxTokensCap;
      const signal = deps.shutdownSignal
        ? AbortSignal.any([clientSignal, deps.shutdownSignal])
        : clientSignal;
      const started = Date.now();
      let completion;
      try {
        completion = await model.queue.complete(
          {
            messages: request.messages,
            maxTokens: Math.min(requested, deps.maxTokensCap),
            ...(grammar ? { grammar } : {}),
            ...(request.temperature != null ? { temperature: request.temperature } : {}),
            ...(request.top_p != null ? { topP: request.top_p } : {}),
            ...(request.seed != null ? { seed: request.seed } : {}),
          },
          signal,
        );
      } catch (err) {
        if (deps.shutdownSignal?.aborted) throw shuttingDown();
        // Nobody reads this answer: the client closed the connection (nginx's 499).
        if (clientSignal.aborted) return new Response(null, { status: 499 });
        if (err instanceof PromptTooLong)
          throw invalidRequest(err.message, 'messages', 'context_length_exceeded');
        throw err;
      }
      const ms = Date.now() - started;
      logger?.info(
        {
          format: request.response_format?.type ?? 'text',
          promptTokens: completion.promptTokens,
          completionTokens: completion.completionTokens,
          finishReason: completion.finishReason,
          ms,
          tokensPerSecond: ms > 0 ? Math.round((completion.completionTokens * 1000) / ms) : null,
        },
        'completion',
      );
      return c.json({
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: Math.floor(started / 1000),
        model: modelId,
        system_fingerprint: null,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: completion.text, refusal: null },
            logprobs: null,
            finish_reason: completion.finishReason,
          },
        ],
        usage: {
          prompt_tokens: completion.promptTokens,
          completion_tokens: completion.completionTokens,
          total_tokens: completion.promptTokens + completion.completionTokens,
        },
      });
    },
  );

  app.get('/v1/models', (c) => c.json({ object: 'list', data: [modelCard] }));
  app.get('/v1/models/:id', (c) => {
    if (c.req.param('id') !== modelId) throw unknownModel(c.req.param('id'));
    return c.json(modelCard);
  });

  app.get('/health', (c) => {
    const model = deps.ready();
    if (!model) return c.json({ status: 'loading', model: modelId }, 503);
    if (deps.shutdownSignal?.aborted) return c.json({ status: 'stopping', model: modelId }, 503);
    return c.json({ status: 'ok', model: modelId, ...model.queue.stats() });
  });

  app.notFound((c) =>
    c.json(
      new OpenAIError(
        404,
        `There is no route ${c.req.method} ${c.req.path}.`,
        'invalid_request_error',
        null,
        'unknown_url',
      ).toBody(),
      404,
    ),
  );

  app.onError((err, c) => {
    if (err instanceof OpenAIError) return c.json(err.toBody(), err.status);
    logger?.error({ err }, 'completion failed');
    return c.json(
      new OpenAIError(500, 'The local model failed; see its log.', 'server_error').toBody(),
      500,
    );
  });

  return app;
}

async function readJson(request: Request): Promise<unknown> {
  // Read outside the try: a body over the limit fails here, and answers 413, not 400.
  const text = await request.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
}

const unknownModel = (model: string) =>
  new OpenAIError(
    404,
    `The model "${model}" does not exist; this server serves only the one GET /v1/models lists.`,
    'invalid_request_error',
    'model',
    'model_not_found',
  );

const loading = () =>
  new OpenAIError(
    503,
    'The model is still loading; try again in a moment.',
    'server_error',
    null,
    'model_loading',
  );

const shuttingDown = () =>
  new OpenAIError(503, 'The model server is shutting down.', 'server_error', null, 'shutting_down');
