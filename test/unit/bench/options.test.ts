import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../scripts/bench/options.js';

const names = ['floor-solo', 'floor', 'casts', 'readers'];

describe('bench flags', () => {
  it('default to a short load in poll mode with every scenario', () => {
    const options = parseOptions([], names);
    expect(options).toMatchObject({ clients: 20, casts: 100, mode: 'poll', pollMs: 1_000 });
    expect(options.scenarios).toEqual(names);
  });

  it('read numbers, repeated pragmas and a scenario list kept in run order', () => {
    const options = parseOptions(
      [
        ...['--clients', '200', '--casts', '1000', '--latency-ms', '500', '--mode', 'page'],
        ...['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
        ...['--scenarios', 'casts,floor', '--compare', 'main', '--compare-sqlite-pragma', 'none'],
      ],
      names,
    );
    expect(options).toMatchObject({ clients: 200, casts: 1000, latencyMs: 500, mode: 'page' });
    expect(options.sqlitePragma).toEqual(['journal_mode=wal', 'synchronous=normal']);
    expect(options.compareSqlitePragma).toEqual(['none']);
    expect(options.scenarios).toEqual(['floor', 'casts']);
  });

  it('leave the batch out unless rows are asked for', () => {
    expect(parseOptions([], names)).toMatchObject({ batchRows: 0 });
    expect(
      parseOptions(['--batch-rows', '10000', '--batch-concurrency', '400'], names),
    ).toMatchObject({ batchRows: 10_000, batchConcurrency: 400 });
    expect(() => parseOptions(['--batch-rows', '100001'], names)).toThrow(/--batch-rows/);
  });

  it('read readers all at once unless a pace is asked for', () => {
    expect(parseOptions([], names)).toMatchObject({ readers: 200, readEveryMs: 0 });
    expect(parseOptions(['--read-every-ms', '1000'], names)).toMatchObject({ readEveryMs: 1_000 });
    expect(() => parseOptions(['--read-every-ms', '-1'], names)).toThrow(/--read-every-ms/);
  });

  it('read settings for the app, whose values may hold = and spaces', () => {
    const options = parseOptions(
      ['--app-env', 'MALLOC_ARENA_MAX=2', '--app-env', 'NODE_OPTIONS=--max-old-space-size=256 --x'],
      names,
    );
    expect(options.appEnv).toEqual([
      'MALLOC_ARENA_MAX=2',
      'NODE_OPTIONS=--max-old-space-size=256 --x',
    ]);
    expect(() => parseOptions(['--app-env', 'lower=1'], names)).toThrow(/--app-env/);
    expect(() => parseOptions(['--app-env', 'NO_VALUE'], names)).toThrow(/--app-env/);
  });

  it('read flags for node itself, which must be given with =', () => {
    expect(
      parseOptions(['--node-arg=--heap-growing-percent=10', '--node-arg=--expose-gc'], names)
        .nodeArg,
    ).toEqual(['--heap-growing-percent=10', '--expose-gc']);
    expect(() => parseOptions(['--node-arg=heap-growing-percent=10'], names)).toThrow(
      /--node-arg: write a node flag as --node-arg=--name/,
    );
    expect(() => parseOptions(['--node-arg=--a b'], names)).toThrow(/--node-arg/);
    // Without "=", parseArgs cannot tell the flag from the bench's own next option.
    expect(() => parseOptions(['--node-arg', '--expose-gc'], names)).toThrow(/--node-arg/);
  });

  it('name the flag that is wrong', () => {
    expect(() => parseOptions(['--clients', '0'], names)).toThrow(/--clients/);
    expect(() => parseOptions(['--mode', 'push'], names)).toThrow(/--mode/);
    expect(() => parseOptions(['--sqlite-pragma', 'x; DROP'], names)).toThrow(/--sqlite-pragma/);
    expect(() => parseOptions(['--scenarios', 'casts,batchy'], names)).toThrow(/unknown batchy/);
    expect(() => parseOptions(['--no-such-flag'], names)).toThrow();
  });
});
