import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { spreadOf } from '../../../scripts/bench/measure/percentiles.js';
import {
  descendantsOf,
  parseStat,
  parseStatus,
  readMemory,
  readStat,
} from '../../../scripts/bench/measure/proc.js';
import { waitForQuiet } from '../../../scripts/bench/measure/quiet.js';
import { callsPerUnit, frontendCalls } from '../../../scripts/bench/measure/server-calls.js';

describe('percentiles', () => {
  it('are nearest-rank: each is a measured value', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(spreadOf(values)).toEqual({
      count: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
      mean: 50.5,
    });
    // 95 % of 10 values is 9.5: the rank rounds up, to the 10th.
    expect(spreadOf([3, 10, 1, 8, 5, 2, 9, 4, 7, 6])).toMatchObject({ p50: 5, p95: 10, p99: 10 });
    expect(spreadOf([7])).toMatchObject({ p50: 7, p99: 7, max: 7 });
    expect(spreadOf([])).toBeUndefined();
  });
});

describe("the dev server's calls", () => {
  const page = (starts: number, describes: number) =>
    [
      '# HELP service_requests service_requests counter',
      '# TYPE service_requests counter',
      `service_requests{namespace="default",operation="StartWorkflowExecution",service_name="frontend"} ${starts}`,
      `service_requests{namespace="_unknown_",operation="DescribeWorkflowExecution",service_name="frontend"} 1`,
      `service_requests{service_name="frontend",operation="DescribeWorkflowExecution",namespace="default"} ${describes}`,
      // The history service's side of the same calls is not a client's call.
      `service_requests{namespace="default",operation="StartWorkflowExecution",service_name="history"} ${starts}`,
      `service_requests_total{operation="Other",service_name="frontend"} 99`,
      `service_latency_bucket{operation="StartWorkflowExecution",service_name="frontend",le="0.1"} 7`,
    ].join('\n');

  it("sums the frontend's requests by operation, over namespaces and label order", () => {
    expect(frontendCalls(page(3, 10))).toEqual(
      new Map([
        ['StartWorkflowExecution', 3],
        ['DescribeWorkflowExecution', 11],
      ]),
    );
  });

  it('counts the calls between two readings per unit, most frequent first', () => {
    const before = frontendCalls(page(3, 10));
    const after = frontendCalls(page(7, 25));
    expect(callsPerUnit(before, after, 4)).toEqual({
      DescribeWorkflowExecution: 3.75,
      StartWorkflowExecution: 1,
    });
    expect(Object.keys(callsPerUnit(before, after, 4))[0]).toBe('DescribeWorkflowExecution');
    expect(callsPerUnit(before, frontendCalls(page(3, 11)), 1000)).toEqual({});
    expect(callsPerUnit(before, after, 0)).toEqual({});
  });
});

describe('/proc', () => {
  it('reads CPU time, parent and start from a stat line whose name holds spaces and parentheses', () => {
    // Fields 3… of proc(5): state ppid … utime(14) stime(15) … starttime(22).
    const rest = ['S', '42', ...Array(9).fill('0'), '250', '150', ...Array(6).fill('0'), '9999'];
    const stat = parseStat(`1234 (node (bench) x) ${rest.join(' ')} 0 0`, 100);
    expect(stat).toEqual({ comm: 'node (bench) x', ppid: 42, cpuMs: 4_000, startTicks: 9999 });
  });

  it('reads resident and peak memory from status', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseStatus(status)).toEqual({ rssKb: 102_400, peakRssKb: 204_800 });
  });

  it('finds a process started below this one, with its CPU and memory', async () => {
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const found = descendantsOf(process.pid).find((p) => p.pid === child.pid);
      expect(found?.stat.comm).toBe('sleep');
      expect(readStat(process.pid)!.cpuMs).toBeGreaterThan(0);
      expect(readMemory(process.pid)!.rssKb).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});

describe('waiting for quiet', () => {
  /** A process that keeps one core busy for `busyMs`, then sleeps. */
  async function busyFor(busyMs: number) {
    const child = spawn(process.execPath, [
      '-e',
      `const end = Date.now() + ${busyMs}; while (Date.now() < end); setTimeout(() => {}, 60_000);`,
    ]);
    await new Promise((resolve) => child.once('spawn', resolve));
    return child;
  }

  it('waits while a process is busy and answers once it has been quiet for two samples', async () => {
    const child = await busyFor(1_500);
    try {
      const result = await waitForQuiet([{ role: 'busy', pid: child.pid! }], { sampleMs: 250 });
      expect(result.quiet).toBe(true);
      // Busy for 1.5 s, then two quiet samples: not before.
      expect(result.waitedMs).toBeGreaterThanOrEqual(1_500);
    } finally {
      child.kill();
    }
  });

  it('gives up after its bound while a process stays busy', async () => {
    const child = await busyFor(30_000);
    try {
      const result = await waitForQuiet([{ role: 'busy', pid: child.pid! }], {
        sampleMs: 250,
        maxMs: 1_000,
      });
      expect(result).toMatchObject({ quiet: false });
    } finally {
      child.kill();
    }
  });
});
