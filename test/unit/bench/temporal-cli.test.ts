import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchCli, pragmasIn } from '../../../scripts/bench/app/temporal-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'typecast-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Stands in for the temporal CLI: prints the arguments it was given, one a line.
const echo = join(dir, "echo's args");
writeFileSync(echo, '#!/bin/sh\nfor a do printf "%s\\n" "$a"; done\n');
chmodSync(echo, 0o755);

const appArgs = [
  ...['server', 'start-dev', '--db-filename', '/data/my db/temporal.db'],
  ...['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma=synchronous=normal', '--headless'],
];

async function argsSeen(pragmas?: string[], args = appArgs): Promise<string[]> {
  const sub = mkdtempSync(join(dir, 'cli-'));
  const cli = await benchCli(echo, { metricsPort: 9321, ...(pragmas ? { pragmas } : {}) }, sub);
  return execFileSync(cli, args, { encoding: 'utf8' }).trimEnd().split('\n');
}

describe("the bench's temporal CLI", () => {
  it("replaces the app's SQLite pragmas with the bench's and keeps every other argument", async () => {
    const seen = await argsSeen(['journal_mode=delete', 'synchronous=full']);
    expect(seen).toEqual([
      ...['server', 'start-dev', '--db-filename', '/data/my db/temporal.db', '--headless'],
      '--metrics-port',
      '9321',
      ...['--sqlite-pragma', 'journal_mode=delete', '--sqlite-pragma', 'synchronous=full'],
    ]);
    expect(pragmasIn(seen)).toEqual(['journal_mode=delete', 'synchronous=full']);
  });

  it('drops them all for none: the CLI defaults', async () => {
    const seen = await argsSeen(['none']);
    expect(pragmasIn(seen)).toEqual([]);
    expect(seen).toContain('--headless');
  });

  it("keeps the app's pragmas when the bench sets none, and serves the dev server's metrics", async () => {
    expect(await argsSeen()).toEqual([...appArgs, '--metrics-port', '9321']);
  });

  it('passes any other command through as it is', async () => {
    const args = ['operator', 'namespace', 'describe', '--namespace', 'default'];
    expect(await argsSeen(['journal_mode=delete'], args)).toEqual(args);
  });

  it('reads the pragmas of a command line in either spelling', () => {
    expect(pragmasIn(appArgs)).toEqual(['journal_mode=wal', 'synchronous=normal']);
  });
});
