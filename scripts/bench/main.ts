import { setMaxListeners } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, projectRoot } from '../../src/local/tool-path.js';
import { checkoutOf, thisCheckout, type Checkout } from './app/checkout.js';
import { startTarget, type RunningTarget, type TargetSpec } from './app/start-target.js';
import { loadAverage } from './measure/proc.js';
import { startBenchModel, type BenchModel } from './model.js';
import { parseOptions, usage, type BenchOptions } from './options.js';
import {
  clean,
  compare,
  overheadOf,
  type BenchReport,
  type TargetReport,
} from './report/summary.js';
import { textReport } from './report/text.js';
import { runScenarios } from './run-scenarios.js';
import { scenarios } from './scenarios/index.js';

// npm run bench: see options.ts for the flags and README.md (Scale) for the figures.

const progress = (message: string) => console.error(`[bench] ${message}`);

function readOptions(): BenchOptions {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseOptions(
      argv,
      scenarios.map((s) => s.name),
    );
  } catch (err) {
    console.error(`${(err as Error).message}\n\nnpm run bench -- --help lists the flags.`);
    process.exit(2);
  }
}

const options = readOptions();
const stop = new AbortController();
// Every request of every client listens to it.
setMaxListeners(0, stop.signal);
let stopped: string | undefined;
const stopWith = (reason: string) => {
  stopped ??= reason;
  stop.abort(new Error(reason));
};
const deadline = setTimeout(
  () => stopWith(`--timeout-s ${options.timeoutS} reached`),
  options.timeoutS * 1000,
);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopped?.startsWith('SIG')) return;
    progress(`${signal}: stopping everything the bench started …`);
    stopWith(signal);
    // Whatever hangs, the bench exits; child.ts kills every group it started on exit.
    setTimeout(() => process.exit(130), 90_000).unref();
  });
}

async function main(): Promise<number> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const dir = await mkdtemp(join(tmpdir(), 'typecast-bench-'));
  progress(`working in ${dir}`);
  const cli = findTool('temporal') ?? 'temporal';
  const chosen = scenarios.filter(
    (s) => options.scenarios.includes(s.name) && (s.enabled?.(options) ?? true),
  );
  const checkouts: Checkout[] = [];
  let model: BenchModel | undefined;
  let running: RunningTarget | undefined;
  const targets: TargetReport[] = [];
  try {
    model = await startBenchModel(options.latencyMs);
    const here = await thisCheckout(projectRoot);
    checkouts.push(here);
    const specs: TargetSpec[] = [
      { label: `this (${here.revision})`, checkout: here, pragmas: options.sqlitePragma },
    ];
    if (options.compare) {
      const other =
        options.compare === '.'
          ? here
          : await checkoutOf(projectRoot, options.compare, dir, progress);
      if (other !== here) checkouts.push(other);
      specs.push({
        label: `${options.compare === '.' ? 'this again' : options.compare} (${other.revision})`,
        checkout: other,
        pragmas: options.compareSqlitePragma,
      });
    }
    for (const [i, spec] of specs.entries()) {
      if (stop.signal.aborted) break;
      const targetDir = join(dir, `target-${i + 1}`);
      await mkdir(targetDir);
      const before = loadAverage();
      running = await startTarget(spec, {
        options,
        modelUrl: model.url,
        cli,
        benchRoot: projectRoot,
        dir: targetDir,
        signal: stop.signal,
        progress,
      });
      const results = await runScenarios(running, chosen, {
        options,
        model,
        signal: stop.signal,
        progress,
      });
      const byName = Object.fromEntries(results.map((r) => [r.name, r]));
      const overhead = overheadOf(byName);
      targets.push({
        label: spec.label,
        revision: spec.checkout.revision,
        ...(spec.checkout.install ? { install: spec.checkout.install } : {}),
        devServer: {
          sqlitePragmas: running.devServer.sqlitePragmas,
          journal: running.devServer.journal,
        },
        nodeFlags: running.nodeFlags,
        scriptEnv: running.scriptEnv,
        loadAverage: { before, after: loadAverage() },
        scenarios: byName,
        ...(overhead ? { overhead } : {}),
      });
      progress(`${spec.label}: stopping …`);
      await running.stop();
      running = undefined;
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    await running?.stop();
    await model?.close();
    await Promise.all(checkouts.map((c) => c.remove()));
    await rm(dir, { recursive: true, force: true });
  }

  const [candidate, baseline] = targets;
  const report: BenchReport = {
    bench: 'typecast',
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      loadAverage: { before: loadBefore, after: loadAverage() },
    },
    options,
    targets,
    ...(candidate && baseline
      ? {
          comparison: {
            candidate: candidate.label,
            baseline: baseline.label,
            ratios: compare(candidate, baseline),
          },
        }
      : {}),
    ...(stopped ? { stopped } : {}),
  };
  const text = options.json ? JSON.stringify(report, null, 2) : textReport(report);
  await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
  if (stopped?.startsWith('SIG')) return 130;
  return clean(report) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
