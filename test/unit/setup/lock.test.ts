import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withLock } from '../../../scripts/setup/lock.mjs';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'typecast-lock-'));
  lock = join(dir, 'setup.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('runs one holder at a time; the second waits and is told who holds it', async () => {
  const events: string[] = [];
  let releaseFirst!: () => void;
  const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
  const first = withLock(lock, { onWait: () => events.push('first waited') }, async () => {
    events.push('first in');
    await firstHolds;
    events.push('first out');
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));

  const second = withLock(
    lock,
    { onWait: (pid) => events.push(`second waits for ${pid}`), pollMs: 10 },
    async () => events.push('second in'),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(events).toEqual(['first in', `second waits for ${process.pid}`]);

  releaseFirst();
  await Promise.all([first, second]);
  expect(events).toEqual(['first in', `second waits for ${process.pid}`, 'first out', 'second in']);
  expect(existsSync(lock)).toBe(false);
});

it('takes over a lock whose process has ended', async () => {
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeFileSync(lock, ended.stdout);
  let waited = false;
  const result = await withLock(
    lock,
    { onWait: () => (waited = true), timeoutMs: 2_000 },
    async () => 'ran',
  );
  expect(result).toBe('ran');
  expect(waited).toBe(false);
});

it('gives up after its timeout while a live process holds it', async () => {
  writeFileSync(lock, String(process.ppid));
  await expect(
    withLock(lock, { onWait: () => undefined, timeoutMs: 100, pollMs: 10 }, async () => 'ran'),
  ).rejects.toThrow(/another set-up still holds/);
  expect(readFileSync(lock, 'utf8')).toBe(String(process.ppid));
});
