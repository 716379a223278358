import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createModelClient } from '../../src/activities/model-client.js';
import { loadConfig } from '../../src/config.js';
import { runEntry } from '../../src/run/run-entry.js';
import { parseCases, selectCases } from './cases.js';
import { castThroughActivity } from './cast-through-activity.js';
import { runCases } from './run-cases.js';
import { summarize } from './summary.js';
import { renderMisses, renderTable } from './table.js';

// Cast quality: runs the labelled cases through the real castWithModel activity against the
// model the worker would use (OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL) and prints
// accuracy per category, re-asks, failures by type and latency.
//   npm run eval -- [--category money] [--limit 10] [--concurrency 2] [--json] [--misses]

const usage =
  'npm run eval -- [--category <name>]... [--limit <n>] [--concurrency <n>] [--json] [--misses] ' +
  '[--cases <file.jsonl>]';

const defaultCases = fileURLToPath(new URL('./cases.jsonl', import.meta.url));

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        category: { type: 'string', multiple: true, default: [] },
        limit: { type: 'string' },
        concurrency: { type: 'string', default: '2' },
        json: { type: 'boolean', default: false },
        misses: { type: 'boolean', default: false },
        cases: { type: 'string', default: defaultCases },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return usageError((err as Error).message);
  }
}

function usageError(message: string): never {
  console.error(`${message}\nusage: ${usage}`);
  process.exit(2);
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    usageError(`--${name} must be a whole number from ${min} to ${max} (got ${text})`);
  }
  return n;
}

async function main() {
  const args = parseCommandLine();
  if (args.help) {
    console.log(`usage: ${usage}`);
    return;
  }
  const concurrency = wholeNumber('concurrency', args.concurrency, 1, 64);
  const limit = args.limit === undefined ? undefined : wholeNumber('limit', args.limit, 1, 100_000);
  const categories = args.category.flatMap((c) => c.split(',')).map((c) => c.trim());

  const config = loadConfig();
  const openai = createModelClient({
    apiKey: config.model.apiKey,
    baseURL: config.model.baseURL,
    timeoutMs: config.model.timeoutMs,
  });
  if (!openai) {
    usageError(
      'No model is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server), ' +
        'as for the worker.',
    );
  }

  let cases;
  try {
    cases = selectCases(parseCases(readFileSync(args.cases, 'utf8'), args.cases), {
      categories,
      ...(limit !== undefined ? { limit } : {}),
    });
  } catch (err) {
    usageError((err as Error).message);
  }

  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\r${done}/${total} cases`)
    : undefined;
  const results = await runCases(cases, {
    cast: castThroughActivity({ openai, maxReasks: config.model.maxReasks }),
    model: config.model.name,
    maxDataChars: config.maxDataChars,
    maxReasks: config.model.maxReasks,
    concurrency,
    onResult: (_result, done, total) => progress?.(done, total),
  });
  if (progress) process.stderr.write('\r\x1b[K');

  const summary = summarize(config.model.name, results);
  if (args.json) {
    console.log(JSON.stringify({ summary, cases: results }, null, 2));
    return;
  }
  console.log(renderTable(summary));
  if (args.misses) {
    const expected = new Map(cases.map((c) => [c.id, c.expected]));
    const misses = renderMisses(results, (id) => expected.get(id));
    console.log(misses === '' ? '\nno misses' : `\n${misses}`);
  }
}

runEntry(main);
