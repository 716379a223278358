import { LlamaChat, type ChatHistoryItem, type LlamaGrammar } from 'node-llama-cpp';
import type { Logger } from '../logger.js';
import type { ChatMessage } from './chat-request.js';
import type { LoadedModel } from './load-model.js';

export interface CompletionJob {
  messages: ChatMessage[];
  grammar?: LlamaGrammar;
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
}

export interface Completion {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length';
}

/** The prompt leaves no room for an answer in the model's context. */
export class PromptTooLong extends Error {
  override name = 'PromptTooLong';
  constructor(promptTokens: number, contextSize: number) {
    super(
      `The prompt has ${promptTokens} tokens; this model's context holds ${contextSize}, ` +
        'with room for the answer. Shorten the text.',
    );
  }
}

// Fewer free tokens than this cannot hold even a short JSON answer.
const minAnswerTokens = 16;

export interface QueueStats {
  running: number;
  waiting: number;
  completed: number;
  /** Requests whose client went away, while waiting or while generating. */
  aborted: number;
}

export interface CompletionQueue {
  /** Waits for its turn, then generates; rejects with the signal's reason once it aborts. */
  complete(job: CompletionJob, signal: AbortSignal): Promise<Completion>;
  stats(): QueueStats;
  /** Resolves once nothing waits or runs (after a shutdown abort, at once). */
  drained(): Promise<void>;
}

/**
 * The model's one context sequence, taken in turn: requests wait in arrival order, so any
 * number of casts get answered one after another within their own timeouts. A request whose
 * client goes away leaves the line, or stops generating at the next token.
 */
export function createCompletionQueue(loaded: LoadedModel, logger?: Logger): CompletionQueue {
  const chat = new LlamaChat({ contextSequence: loaded.context.getSequence() });
  const stats: QueueStats = { running: 0, waiting: 0, completed: 0, aborted: 0 };
  let turn: Promise<unknown> = Promise.resolve();

  async function generate(job: CompletionJob, signal: AbortSignal): Promise<Completion> {
    const history = toHistory(job.messages);
    const prompt = chat.chatWrapper.generateContextState({ chatHistory: history }).contextText;
    const promptTokens = prompt.tokenize(loaded.model.tokenizer).length;
    // Refused rather than shifted: node-llama-cpp would drop the oldest messages to make room,
    // and for a cast those are the instructions.
    const room = loaded.context.contextSize - promptTokens;
    if (room < minAnswerTokens) throw new PromptTooLong(promptTokens, loaded.context.contextSize);
    const maxTokens = Math.min(job.maxTokens, room);
    let completionTokens = 0;
    const response = await chat.generateResponse(history, {
      maxTokens,
      signal,
      stopOnAbortSignal: true,
      onToken: (tokens) => (completionTokens += tokens.length),
      ...(job.grammar ? { grammar: job.grammar } : {}),
      ...(job.temperature != null ? { temperature: job.temperature } : {}),
      ...(job.topP != null ? { topP: job.topP } : {}),
      ...(job.seed != null ? { seed: job.seed } : {}),
    });
    if (signal.aborted) {
      logger?.info({ completionTokens, maxTokens }, 'generation stopped: the client went away');
      throw signal.reason;
    }
    return {
      text: response.response,
      promptTokens,
      completionTokens,
      finishReason: response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
    };
  }

  return {
    complete(job, signal) {
      stats.waiting++;
      const result = turn.then(async () => {
        stats.waiting--;
        if (signal.aborted) throw signal.reason;
        stats.running++;
        try {
          return await generate(job, signal);
        } finally {
          stats.running--;
        }
      });
      turn = result.catch(() => undefined);
      result.then(
        () => stats.completed++,
        () => (signal.aborted ? stats.aborted++ : undefined),
      );
      return result;
    },
    stats: () => ({ ...stats }),
    drained: () => turn.then(() => undefined),
  };
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((message): ChatHistoryItem => {
    switch (message.role) {
      case 'system':
      case 'developer':
        return { type: 'system', text: message.content };
      case 'user':
        return { type: 'user', text: message.content };
      case 'assistant':
        return { type: 'model', response: [message.content ?? ''] };
    }
  });
}
