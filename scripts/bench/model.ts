import { startModelServer, type ModelStep } from '../../test/support/model-server.js';
import { itemInPrompt } from './items.js';

/** The scripted OpenAI-compatible model every checkout under test talks to. */
export interface BenchModel {
  url: string;
  /** Chat requests answered or in flight so far. */
  calls(): number;
  /** When (Date.now()) the model last finished answering the cast of this text. */
  answeredAt(text: string): number | undefined;
  close(): Promise<void>;
}

/** Long enough for any read measurement; the readers scenario cancels its held casts. */
const holdMs = 10 * 60_000;

export async function startBenchModel(latencyMs: number): Promise<BenchModel> {
  const server = await startModelServer();
  server.respondWith((body): ModelStep => {
    const item = itemInPrompt(body.messages?.at(-1)?.content ?? '');
    if (!item) return { status: 400, body: { error: { message: 'bench: unexpected prompt' } } };
    const answer: ModelStep = { answer: [item.n] };
    if (item.held) return { delayMs: holdMs, then: answer };
    return latencyMs > 0 ? { delayMs: latencyMs, then: answer } : answer;
  });
  const answeredAt = (text: string) =>
    server.requests.findLast(
      (request) => itemInPrompt(request.body.messages?.at(-1)?.content ?? '')?.text === text,
    )?.answeredAt;
  return {
    url: server.url,
    calls: () => server.requests.length,
    answeredAt,
    close: server.close,
  };
}
