import { Context } from '@temporalio/activity';
import { CancelledFailure, type ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { fromModelAnswer, toModelSchema } from '../cast/model-schema.js';
import { buildPrompt, buildReask, type ChatMessage } from '../cast/prompt.js';
import type { CastOutcome, CastRequest, JsonSchema, TokenUsage } from '../cast/types.js';
import { validateValue, type Validation } from '../cast/validate.js';
import { castFailure, type FailureContext } from './cast-failure.js';
import { classifyModelError, isSchemaRejection, type ClassifyContext } from './classify-error.js';

export interface CastWithModelDeps {
  openai: OpenAI | undefined;
  /** How many times an invalid answer is sent back to the model within one attempt. */
  maxReasks: number;
  /** Configured secret values (the API key): redacted from every failure the activity makes. */
  secrets?: readonly string[];
  /** CAST_TIMEOUT_SECONDS, named in the message when the model does not answer in time. */
  timeoutSeconds?: number;
  /** Defaults to a third of the activity's heartbeat timeout, or 5 s without one. */
  heartbeatIntervalMs?: number;
}

type OutputMode = CastOutcome['mode'];

export function createCastWithModel(deps: CastWithModelDeps) {
  return async function castWithModel(request: CastRequest): Promise<CastOutcome> {
    const context = Context.current();
    const { openai } = deps;
    const failure: FailureContext = {
      secrets: deps.secrets ?? [],
      attempt: context.info.attempt,
      maximumAttempts: context.info.retryPolicy?.maximumAttempts,
    };
    if (!openai) {
      throw castFailure(
        'ModelNotConfigured',
        'No model is configured. Set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible ' +
          'server) for the worker, restart it, and submit the cast again.',
        {},
        failure,
      );
    }

    const heartbeat = setInterval(() => context.heartbeat(), heartbeatInterval(deps, context));
    try {
      return await askUntilValid(openai, request, deps.maxReasks, context, failure);
    } catch (err) {
      throw asActivityError(err, context, {
        ...failure,
        model: request.model,
        timeoutSeconds: deps.timeoutSeconds,
      });
    } finally {
      clearInterval(heartbeat);
    }
  };
}

async function askUntilValid(
  openai: OpenAI,
  request: CastRequest,
  maxReasks: number,
  context: Context,
  failure: FailureContext,
): Promise<CastOutcome> {
  const { schema: modelSchema, strict } = toModelSchema(request.target.schema);
  let mode: OutputMode = strict ? 'json_schema' : 'json_object';
  const messages: ChatMessage[] = buildPrompt(request);
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const log = context.log;

  // Reads `mode` when called, so a fallback to JSON mode holds for the rest of the attempt.
  const ask = () =>
    complete(openai, request.model, messages, mode, modelSchema, context.cancellationSignal);

  for (let reasks = 0; ; reasks++) {
    log.info('Asking the model', { model: request.model, mode, reasks });
    let completion: ChatCompletion;
    try {
      completion = await ask();
    } catch (err) {
      if (mode !== 'json_schema' || !isSchemaRejection(err)) throw err;
      log.warn('The model server rejected the strict schema; falling back to JSON mode', {
        model: request.model,
      });
      mode = 'json_object';
      completion = await ask();
    }
    addUsage(usage, completion);

    const choice = completion.choices[0];
    if (!choice) {
      throw castFailure(
        'ModelServerError',
        'The model server answered without a choice.',
        { advice: 'Check that the model server is healthy, then submit the cast again.' },
        failure,
      );
    }
    if (choice.message.refusal) {
      throw castFailure(
        'ModelRefused',
        `The model refused to answer: ${choice.message.refusal}`,
        { rawOutput: choice.message.refusal },
        failure,
      );
    }
    if (choice.finish_reason === 'content_filter') {
      throw castFailure(
        'ModelRefused',
        "The model's answer was withheld by the server's content filter. Rephrase the text or instructions.",
        {},
        failure,
      );
    }

    const raw = choice.message.content ?? '';
    if (choice.finish_reason === 'length') throw truncated(raw, completion, failure);
    const checked = checkAnswer(raw, request.target.schema);
    if (checked.ok) {
      log.info('The model answered', {
        model: request.model,
        mode,
        reasks,
        totalTokens: usage.totalTokens,
      });
      return { value: checked.value, usage, reasks, mode };
    }
    if (reasks >= maxReasks) {
      throw castFailure(
        'ValidationFailed',
        `The model's answer did not match the target type ${request.target.label} after ` +
          `${reasks + 1} tries: ${checked.issues.join('; ')}`,
        { rawOutput: raw, issues: checked.issues },
        failure,
      );
    }
    log.warn('The model answered with an invalid value; asking again', {
      issues: checked.issues,
      reasks,
    });
    messages.push(...buildReask(raw, checked.issues));
  }
}

/**
 * The server stopped the answer at its output token limit: the JSON is cut off, and asking
 * again would cut it off at the same place, so this fails at once instead of re-asking.
 */
function truncated(
  raw: string,
  completion: ChatCompletion,
  failure: FailureContext,
): ApplicationFailure {
  const tokens = completion.usage?.completion_tokens;
  const limit = tokens ? ` (${tokens} tokens)` : '';
  return castFailure(
    'OutputTruncated',
    `The model's answer was cut off at the model server's output token limit${limit} before the ` +
      'value was complete (finish_reason "length").',
    {
      rawOutput: raw,
      advice:
        'Shorten the text, choose a smaller target type, or use a model (or server setting) ' +
        'with a larger output token limit, then submit the cast again.',
    },
    failure,
  );
}

function complete(
  openai: OpenAI,
  model: string,
  messages: ChatMessage[],
  mode: OutputMode,
  schema: JsonSchema,
  signal: AbortSignal,
): Promise<ChatCompletion> {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages,
    response_format:
      mode === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: 'cast', strict: true, schema } }
        : { type: 'json_object' },
  };
  // The activity's cancellation signal aborts the HTTP request, so a cancelled or timed-out
  // attempt stops costing tokens at once.
  return openai.chat.completions.create(body, { signal });
}

function checkAnswer(raw: string, schema: JsonSchema): Validation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, issues: [`The answer is not valid JSON (${reason}).`] };
  }
  return validateValue(schema, fromModelAnswer(parsed, schema));
}

function addUsage(total: TokenUsage, completion: ChatCompletion): void {
  total.promptTokens += completion.usage?.prompt_tokens ?? 0;
  total.completionTokens += completion.usage?.completion_tokens ?? 0;
  total.totalTokens += completion.usage?.total_tokens ?? 0;
}

function heartbeatInterval(deps: CastWithModelDeps, context: Context): number {
  if (deps.heartbeatIntervalMs !== undefined) return deps.heartbeatIntervalMs;
  const timeout = context.info.heartbeatTimeoutMs;
  return timeout ? Math.max(100, Math.floor(timeout / 3)) : 5_000;
}

/**
 * Cancellation must leave as the CancelledFailure the worker put on the signal, so Temporal
 * records the attempt as cancelled; everything else is classified.
 */
function asActivityError(
  err: unknown,
  context: Context,
  classify: ClassifyContext,
): ApplicationFailure | CancelledFailure {
  const signal = context.cancellationSignal;
  if (signal.aborted) {
    context.log.info('The cast was cancelled; the model request was aborted');
    return signal.reason instanceof CancelledFailure
      ? signal.reason
      : new CancelledFailure('Activity cancelled');
  }
  const failure = classifyModelError(err, classify);
  context.log.warn('The model call failed', {
    type: failure.type,
    nonRetryable: failure.nonRetryable,
  });
  return failure;
}
