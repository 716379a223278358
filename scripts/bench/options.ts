import { parseArgs } from 'node:util';
import { z } from 'zod';

/** How a client follows its cast to the value; see clients/. */
export const clientModes = ['poll', 'page', 'wait'] as const;
export type ClientMode = (typeof clientModes)[number];

/** A SQLite pragma for the dev server, "name=value", or "none" for the CLI's own defaults. */
const pragma = z
  .string()
  .regex(/^(none|[a-z_]+=[A-Za-z0-9_-]+)$/, 'write a pragma as name=value, or none');

/** An environment variable for the app's processes, "NAME=value". */
const envSetting = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*=/, 'write a setting as NAME=value, e.g. MALLOC_ARENA_MAX=2');

/** A flag for node's own command line, for V8 flags that NODE_OPTIONS refuses. */
const nodeFlag = z
  .string()
  .regex(
    /^--[a-z][a-z0-9-]*(=\S+)?$/,
    'write a node flag as --node-arg=--name or --node-arg=--name=value, e.g. --node-arg=--heap-growing-percent=10',
  );

const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionsSchema = z.object({
  clients: whole(1, 2_000, 20),
  casts: whole(1, 100_000, 100),
  latencyMs: whole(0, 60_000, 200),
  mode: z.enum(clientModes).default('poll'),
  pollMs: whole(1, 60_000, 1_000),
  waitS: whole(1, 300, 20),
  workers: whole(0, 16, 0),
  slots: z.coerce.number().int().min(1).max(10_000).optional(),
  readers: whole(0, 2_000, 200),
  readRounds: whole(1, 100, 5),
  readEveryMs: whole(0, 60_000, 0),
  floorSoloRuns: whole(0, 1_000, 20),
  batchRows: whole(0, 100_000, 0),
  batchConcurrency: z.coerce.number().int().min(1).max(10_000).optional(),
  scenarios: z.string().optional(),
  cacheHits: z.boolean().default(false),
  sqlitePragma: z.array(pragma).optional(),
  compare: z.string().min(1).optional(),
  compareSqlitePragma: z.array(pragma).optional(),
  appEnv: z.array(envSetting).optional(),
  nodeArg: z.array(nodeFlag).optional(),
  settleS: whole(0, 600, 65),
  timeoutS: whole(10, 7_200, 1_800),
  cpuProf: z.string().min(1).optional(),
  logDir: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

export type BenchOptions = Omit<z.infer<typeof optionsSchema>, 'scenarios'> & {
  /** The scenarios to run, in their registered order. */
  scenarios: string[];
};

export const usage = `npm run bench -- [options]

Load: N clients submit casts through the HTTP API of \`npm start\`'s process (a scripted model
answers after --latency-ms) and follow each to its value; the floor (a one-activity workflow)
runs on the same dev server. Everything listens on loopback and stops at the end or on Ctrl-C.

  --clients N             concurrent clients (20)
  --casts N               casts in the load, each with its own text (100)
  --latency-ms N          the scripted model's answer time (200)
  --mode poll|page|wait   poll: GET /api/casts/:id every --poll-ms; page: the htmx card
                          fragment as the page follows it; wait: POST /api/casts with wait (poll)
  --poll-ms N             the poll mode's interval (1000, like the page)
  --wait-s N              the wait mode's bound asked of the server (20)
  --cache-hits            submit every text once first: the load then reads cached casts
  --workers N             extra worker processes beside npm start's own (0)
  --slots N               WORKER_MAX_CONCURRENT_ACTIVITIES of every worker (the app's default)
  --readers N             casts held running and read by N concurrent readers (200; 0: none)
  --read-rounds N         reads per reader (5)
  --read-every-ms N       each reader reads once every N ms, starting at a random moment of
                          the first N ms, as people following their casts do (0: all
                          readers at once, each read right after the one before)
  --floor-solo-runs N     one-client floor runs, for its latency (20)
  --batch-rows N          one batch of N rows through POST /api/batches, followed to its end
                          and every result checked (0: no batch)
  --batch-concurrency N   BATCH_MAX_CONCURRENT_ROWS of the app (the app's default)
  --scenarios a,b         which scenarios (default: all of them)
  --sqlite-pragma K=V     the dev server's SQLite pragmas instead of the app's (repeat; none:
                          the CLI's defaults)
  --compare REV           run the same load against REV (a git revision, or . for this
                          checkout again) in the same run and print the ratios
  --compare-sqlite-pragma K=V   --sqlite-pragma for the --compare side
  --app-env NAME=value    an environment variable of npm start and the extra workers, on
                          both sides (repeat), e.g. NODE_OPTIONS=--max-old-space-size=256
  --node-arg=--flag       a flag on node's command line of npm start and the extra workers, on
                          both sides (repeat), for the V8 flags NODE_OPTIONS refuses, e.g.
                          --node-arg=--heap-growing-percent=10
  --settle-s N            between scenarios, wait N s after the last one ended, then until the
                          processes are quiet (65; 0: only until quiet): the dev server fires
                          each run's activity timeout timer a minute after the run started,
                          which the next scenario would otherwise pay for
  --timeout-s N           bound on the whole run (1800)
  --cpu-prof DIR          write a V8 CPU profile of each npm start process and of the floor's
                          worker into DIR (node --cpu-prof; open it in Chrome DevTools,
                          Performance)
  --log-dir DIR           append what each npm start process prints (its JSON log) to a file
                          in DIR
  --json                  print the figures as one JSON object`;

/** Reads the command line; a bad flag is an Error whose message says what to change. */
export function parseOptions(argv: string[], scenarioNames: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      casts: { type: 'string' },
      'latency-ms': { type: 'string' },
      mode: { type: 'string' },
      'poll-ms': { type: 'string' },
      'wait-s': { type: 'string' },
      workers: { type: 'string' },
      slots: { type: 'string' },
      readers: { type: 'string' },
      'read-rounds': { type: 'string' },
      'read-every-ms': { type: 'string' },
      'floor-solo-runs': { type: 'string' },
      'batch-rows': { type: 'string' },
      'batch-concurrency': { type: 'string' },
      scenarios: { type: 'string' },
      'cache-hits': { type: 'boolean' },
      'sqlite-pragma': { type: 'string', multiple: true },
      compare: { type: 'string' },
      'compare-sqlite-pragma': { type: 'string', multiple: true },
      'app-env': { type: 'string', multiple: true },
      'node-arg': { type: 'string', multiple: true },
      'settle-s': { type: 'string' },
      'timeout-s': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'log-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const camel = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
  const parsed = optionsSchema.safeParse(camel);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `--${kebab(String(issue.path[0]))}: ${issue.message}`,
    );
    throw new Error(lines.join('\n'));
  }
  const wanted = parsed.data.scenarios?.split(',').map((name) => name.trim()) ?? [...scenarioNames];
  const unknown = wanted.filter((name) => !scenarioNames.includes(name));
  if (unknown.length > 0)
    throw new Error(
      `--scenarios: unknown ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`,
    );
  return {
    ...parsed.data,
    scenarios: scenarioNames.filter((name) => wanted.includes(name)),
  };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
