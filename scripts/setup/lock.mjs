// @ts-check
// One set-up at a time per checkout: `npm start` and `npm test` started together would
// otherwise both run `npm ci` or pip into the same folders.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {object} LockOptions
 * @property {(holder: number) => void} onWait   called once, when another process holds it
 * @property {number} [timeoutMs]                give up after this long
 * @property {number} [pollMs]
 */

/**
 * Runs fn while holding a lock file that names our pid. A lock whose process is gone is
 * taken over, so a set-up killed half-way does not block the next one.
 * @template T
 * @param {string} path
 * @param {LockOptions} options
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withLock(path, { onWait, timeoutMs = 30 * 60_000, pollMs = 200 }, fn) {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  while (!tryAcquire(path)) {
    const holder = holderOf(path);
    if (holder === 'gone') {
      // Two waiters may both find it gone; the narrow race left is one between two set-ups
      // that both started after a third was killed.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another set-up still holds ${path} after ${Math.round(timeoutMs / 1000)} s`);
    }
    if (!told && typeof holder === 'number') {
      told = true;
      onWait(holder);
    }
    await sleep(pollMs);
  }
  const release = () => {
    if (holderOf(path) === process.pid) rmSync(path, { force: true });
  };
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
    process.off('exit', release);
  }
}

/** @param {string} path */
function tryAcquire(path) {
  let fd;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * The pid holding the lock; 'gone' when that process has ended (or the file stayed empty
 * past the moment between its creation and the write of the pid); 'unknown' just after.
 * @param {string} path
 * @returns {number | 'gone' | 'unknown'}
 */
function holderOf(path) {
  let text;
  let ageMs;
  try {
    text = readFileSync(path, 'utf8').trim();
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    return 'unknown';
  }
  const pid = Number(text);
  if (!text || !Number.isInteger(pid)) return ageMs > 5_000 ? 'gone' : 'unknown';
  return isAlive(pid) ? pid : 'gone';
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}
