import { benchPreset, type BenchItem } from '../items.js';
import { BenchFailure } from '../failures.js';
import type { CastClient, ClientContext, SeenValue } from './cast-client.js';
import { pause, send } from './http.js';

/** The parts of the API's answers a client looks at. */
interface CastAnswer {
  status?: string;
  outcome?: string;
  result?: unknown;
  links?: { self?: string };
}

interface CastViewAnswer {
  phase: string;
  done?: boolean;
  result?: unknown;
  error?: { type?: string; message?: string };
}

/** The JSON body of POST /api/casts for an item. */
export function submission(item: BenchItem): Record<string, unknown> {
  return { data: item.text, target: { preset: benchPreset } };
}

/**
 * Reads the answer of POST /api/casts: the value when it came with it (200), else the cast's
 * URL to follow (202).
 */
export function submitAnswer(
  status: number,
  text: string,
): SeenValue | { follow: string; outcome?: string } {
  if (status !== 200 && status !== 202)
    throw new BenchFailure('submit', `POST /api/casts answered ${status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as CastAnswer;
  if (status === 200) return { value: body.result, outcome: body.outcome };
  if (!body.links?.self) throw new BenchFailure('submit', 'a 202 without links.self');
  return { follow: body.links.self, outcome: body.outcome };
}

/** GET /api/casts/:id every --poll-ms until the cast is done, as an API client polls. */
export async function followApi(path: string, { appUrl, options, reads, signal }: ClientContext) {
  for (;;) {
    await pause(options.pollMs, signal);
    const answer = await send(`${appUrl}${path}`, {}, signal);
    reads.record(answer, answer.status === 200);
    if (answer.status === 404) throw new BenchFailure('not found', answer.text.slice(0, 300));
    if (answer.status !== 200) continue;
    const view = JSON.parse(answer.text) as CastViewAnswer;
    if (view.phase === 'completed') return view.result;
    if (view.done) {
      const why = view.error ? `${view.error.type}: ${view.error.message}` : 'no error given';
      throw new BenchFailure(`cast ${view.phase}`, why);
    }
  }
}

export const pollClient: CastClient = {
  describe: (options) => `poll every ${options.pollMs} ms`,
  forApp: async () => castAndPoll,
};

async function castAndPoll(item: BenchItem, context: ClientContext): Promise<SeenValue> {
  const answer = await send(
    `${context.appUrl}/api/casts`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission(item)),
    },
    context.signal,
  );
  const submitted = submitAnswer(answer.status, answer.text);
  if (!('follow' in submitted)) return submitted;
  return { value: await followApi(submitted.follow, context), outcome: submitted.outcome };
}
