import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { buildPrompt } from '../src/cast/prompt.js';
import { toModelSchema } from '../src/cast/model-schema.js';
import { resolveTarget } from '../src/cast/target.js';
import { freePort } from '../src/local/free-port.js';
import { localModelId } from '../src/local-model/model-id.js';
import { spawnEntry, stopProcess } from '../test/support/worker-process.js';

// Figures for the README: the local model server's load time and memory, and the latency and
// speed of the model call one cast makes (the page's three examples, as the activity asks them).
//   npx tsx scripts/measure-local-model.ts [rounds]

const rounds = Number(process.argv[2] ?? 3);
const port = await freePort();
const started = Date.now();
const child = spawnEntry('src/model.ts', {
  LOCAL_MODEL_PORT: String(port),
  LOG_LEVEL: 'warn',
  ...(process.env.TYPECAST_LOCAL_MODEL_PATH
    ? { TYPECAST_LOCAL_MODEL_PATH: process.env.TYPECAST_LOCAL_MODEL_PATH }
    : {}),
});
const stop = () => stopProcess(child);
process.once('SIGINT', () => void stop().then(() => process.exit(130)));

try {
  const deadline = Date.now() + 180_000;
  while (
    !(await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the model server did not start:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const loadMs = Date.now() - started;

  const openai = new OpenAI({
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey: 'no-key',
    maxRetries: 0,
  });
  const casts = [
    { text: 'one, TWO, three', target: resolveTarget({ type: 'number[]' }) },
    { text: 'I live in the big apple', target: resolveTarget({ preset: 'location' }) },
    {
      text: 'This feature is terrible!',
      target: resolveTarget({ preset: 'choice', labels: ['Positive', 'Negative'] }),
    },
  ];
  const calls: { ms: number; tokens: number; answer: string }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const cast of casts) {
      const target = cast.target;
      const { schema } = toModelSchema(target.schema);
      const t = Date.now();
      const completion = await openai.chat.completions.create({
        model: localModelId,
        messages: buildPrompt({ text: cast.text, target, model: localModelId }),
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'cast', strict: true, schema },
        },
      });
      calls.push({
        ms: Date.now() - t,
        tokens: completion.usage?.completion_tokens ?? 0,
        answer: completion.choices[0]?.message.content ?? '',
      });
    }
  }
  const rssKb = Number(
    /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1],
  );
  const ms = calls.map((c) => c.ms).sort((a, b) => a - b);
  const totalTokens = calls.reduce((sum, c) => sum + c.tokens, 0);
  const totalMs = calls.reduce((sum, c) => sum + c.ms, 0);
  console.log(
    JSON.stringify(
      {
        startToHealthyMs: loadMs,
        rssMB: Math.round(rssKb / 1024),
        calls: calls.length,
        callMsMedian: ms[Math.floor(ms.length / 2)],
        callMsMax: ms.at(-1),
        completionTokensPerSecond: Math.round((totalTokens * 1000) / totalMs),
        answers: calls.slice(0, casts.length).map((c) => c.answer),
      },
      null,
      2,
    ),
  );
} finally {
  await stop();
}
