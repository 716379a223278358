import {
  createServer,
  STATUS_CODES,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted reply of the fake OpenAI-compatible server. */
export type ModelStep =
  /** A valid completion whose content is `{"value": answer}` (the wrapped strict-mode shape). */
  | { answer: unknown; usage?: Partial<UsageNumbers> }
  /** A completion with exactly this content (invalid JSON, unwrapped values, …). */
  | { content: string; usage?: Partial<UsageNumbers>; finishReason?: string }
  /** A completion whose message carries a refusal and no content. */
  | { refusal: string }
  /** An HTTP error; the body defaults to OpenAI's `{ error: { message, type, code } }` shape. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** An HTTP error with a body that is not JSON, such as a proxy's HTML page. */
  | { status: number; text: string; contentType: string }
  /** Closes the connection without a reply, as a crashing server or a proxy reset does. */
  | { drop: true }
  | { delayMs: number; then: ModelStep }
  /** Answers with `then` once `after` settles: the test, not a clock, decides when the call ends. */
  | { after: Promise<unknown>; then: ModelStep }
  /** Never answers: the request stays open until the client aborts or the server closes. */
  | { hang: true };

export interface UsageNumbers {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ChatRequestBody;
  rawBody: string;
  /** Date.now() when the request body had arrived. */
  receivedAt: number;
  /** Date.now() when the reply was fully written, if it was. */
  answeredAt?: number;
  /** Date.now() when the client closed the connection before the reply was finished. */
  abortedAt?: number;
  aborted: boolean;
}

/** The parts of a chat completions request the tests look at. */
export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: {
    type: string;
    json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> };
  };
  [key: string]: unknown;
}

/**
 * The user turn that carries the text being cast: the last one with a data block. The prompt's
 * worked examples come before it and a re-ask after it, so neither the first nor the last user
 * turn will do.
 */
export function castPromptOf(body: ChatRequestBody): string {
  const turn = body.messages?.findLast((m) => m.role === 'user' && m.content.includes('<<<DATA'));
  return turn?.content ?? '';
}

export type Responder = (body: ChatRequestBody, request: RecordedRequest) => ModelStep;

export interface ModelServer {
  /** Base URL including `/v1`, for the openai client's `baseURL`. */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies for POST /v1/chat/completions, used in order before the responder. */
  script(...steps: ModelStep[]): void;
  /** Answers when the queue is empty; lets concurrent tests answer by request content. */
  respondWith(responder: Responder): void;
  setDefault(step: ModelStep): void;
  /** Resolves once at least `count` chat requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Resolves once the request at `index` was aborted by the client. */
  waitForAbort(index: number, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** A door a scripted reply waits behind (`{ after: gate.opened, then }`) until the test opens it. */
export interface Gate {
  opened: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const defaultUsage: UsageNumbers = { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 };

/** Nothing scripted is a test bug: fail with a non-retryable status so it shows at once. */
const unscripted: ModelStep = {
  status: 400,
  body: { error: { message: 'model-server: no scripted step for this request', type: 'test' } },
};

export async function startModelServer(): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const queue: ModelStep[] = [];
  let responder: Responder = () => unscripted;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let completions = 0;

  const notify = () => waiters.forEach((wake) => wake());

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: parseJson(rawBody) as ChatRequestBody,
        rawBody,
        receivedAt: Date.now(),
        aborted: false,
      };
      res.on('close', () => {
        if (!res.writableFinished) {
          record.aborted = true;
          record.abortedAt = Date.now();
          notify();
        }
      });
      if (record.method !== 'POST' || !record.path.startsWith('/v1/chat/completions')) {
        sendJson(res, 404, {
          error: { message: `model-server: no route ${record.path}`, type: 'test' },
        });
        return;
      }
      requests.push(record);
      notify();
      const step = queue.shift() ?? responder(record.body ?? {}, record);
      play(step, record, res, ++completions);
    });
  });

  function play(
    step: ModelStep,
    record: RecordedRequest,
    res: ServerResponse,
    serial: number,
  ): void {
    if ('hang' in step) return;
    if ('drop' in step) {
      res.socket?.destroy();
      return;
    }
    if ('after' in step) {
      void step.after.then(() => {
        if (!res.destroyed) play(step.then, record, res, serial);
      });
      return;
    }
    if ('delayMs' in step) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) play(step.then, record, res, serial);
      }, step.delayMs);
      timers.add(timer);
      return;
    }
    const finish = () => {
      record.answeredAt = Date.now();
      notify();
    };
    res.on('finish', finish);
    if ('status' in step && 'text' in step) {
      res.writeHead(step.status, {
        'content-type': step.contentType,
        'content-length': Buffer.byteLength(step.text),
      });
      res.end(step.text);
      return;
    }
    if ('status' in step) {
      const body = step.body ?? {
        error: { message: STATUS_CODES[step.status] ?? 'Error', type: 'test_error', code: null },
      };
      sendJson(res, step.status, body, step.headers);
      return;
    }
    const model = typeof record.body?.model === 'string' ? record.body.model : 'test-model';
    if ('refusal' in step) {
      sendJson(
        res,
        200,
        completion(serial, model, { content: null, refusal: step.refusal }, 'stop', defaultUsage),
      );
      return;
    }
    const content = 'answer' in step ? JSON.stringify({ value: step.answer }) : step.content;
    const finishReason = 'finishReason' in step && step.finishReason ? step.finishReason : 'stop';
    sendJson(
      res,
      200,
      completion(serial, model, { content, refusal: null }, finishReason, {
        ...defaultUsage,
        ...step.usage,
      }),
    );
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function waitFor<T>(ready: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`model-server: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...steps) => void queue.push(...steps),
    respondWith: (next) => void (responder = next),
    setDefault: (step) => void (responder = () => step),
    waitForRequests: (count, timeoutMs = 30_000) =>
      waitFor(
        () => (requests.length >= count ? requests : undefined),
        timeoutMs,
        `${count} request(s)`,
      ),
    waitForAbort: (index, timeoutMs = 30_000) =>
      waitFor(
        () => (requests[index]?.aborted ? requests[index] : undefined),
        timeoutMs,
        `request ${index} to abort`,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach((timer) => clearTimeout(timer));
        timers.clear();
        server.close(() => resolve());
        // Hanging requests keep their sockets open; destroy them so close() always returns.
        sockets.forEach((socket) => socket.destroy());
      }),
  };
}

function completion(
  serial: number,
  model: string,
  message: { content: string | null; refusal: string | null },
  finishReason: string,
  usage: UsageNumbers,
) {
  return {
    id: `chatcmpl-test-${serial}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
