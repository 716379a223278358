#!/usr/bin/env node
// @ts-check
// `npm run setup [-- app|test] [-- --check]`, and npm's `prestart` (app) and `pretest` (test).
// Node built-ins only: npm runs these hooks before node_modules exists.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { itemsFor } from './catalogue.mjs';
import { toolsDir } from './layout.mjs';
import { withLock } from './lock.mjs';
import { describeStep, installPlan, needsApt, needsPython, toInstall } from './plan.mjs';
import { removeLeftovers, runStep } from './steps.mjs';
import { probeApt, probePython, survey } from './survey.mjs';

/** @typedef {import('./catalogue.mjs').Part} Part */
/** @typedef {import('./plan.mjs').Problem} Problem */

const usage = `usage: npm run setup [-- app|test] [-- --check]
  app      what npm start needs: npm packages, the temporal CLI, the offline model
  test     that and what npm test needs: hadolint, shellcheck, schemathesis, Docker Compose,
           moto's S3 server, Chromium (the default)
  --check  only say what is missing; exit 1 if anything is
Set TYPECAST_SKIP_SETUP=1 to skip the set-up that npm start and npm test run first.`;

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = process.env;
const platform = `${process.platform}-${process.arch}`;

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const parts = args.filter((arg) => arg !== '--check');
  const part = parts[0] ?? 'test';
  if (parts.length > 1 || (part !== 'app' && part !== 'test')) return fail(usage, 2);
  if (Number(process.versions.node.split('.')[0]) < 20) {
    return fail(`setup: typecast needs Node.js 20 or newer; this is ${process.version}`, 1);
  }
  if (!check && env.TYPECAST_SKIP_SETUP && env.TYPECAST_SKIP_SETUP !== '0') return;

  const items = itemsFor(part);
  const missing = toInstall(survey(items, { root, env, platform }));
  if (check) {
    for (const { item, reason } of missing) console.log(`setup: missing ${item.label}: ${reason}`);
    if (missing.length === 0) console.log(`setup: nothing to install for ${part}`);
    process.exitCode = missing.length === 0 ? 0 : 1;
    return;
  }
  if (missing.length === 0) return;

  mkdirSync(toolsDir(root), { recursive: true });
  const lock = join(toolsDir(root), 'setup.lock');
  const onWait = (/** @type {number} */ pid) =>
    console.log(`setup: waiting for another set-up (pid ${pid}) to finish`);
  const problems = await withLock(lock, { onWait }, () => install(part));
  if (problems.length > 0) {
    console.error(
      [
        `setup: these are still missing for npm ${part === 'app' ? 'start' : 'test'}:`,
        ...problems.map((p) => `  - ${p.message.replaceAll('\n', '\n    ')}`),
        'setup: install them, then run npm run setup again (see "Set-up in detail" in README.md);',
        '       TYPECAST_SKIP_SETUP=1 skips this set-up for people who manage their own tools.',
      ].join('\n'),
    );
    process.exitCode = 1;
  }
}

/**
 * @param {Part} part
 * @returns {Promise<Problem[]>}
 */
async function install(part) {
  // Surveyed again: a set-up we waited for may have installed everything.
  const missing = toInstall(survey(itemsFor(part), { root, env, platform }));
  if (missing.length === 0) return [];
  removeLeftovers(root);
  const python = needsPython(missing) ? probePython() : 'ok';
  const apt = needsApt(missing, python) ? probeApt(env) : 'none';
  const { steps, problems } = installPlan(missing, { platform, python, apt });

  const started = Date.now();
  for (const step of steps) {
    const label = describeStep(step);
    process.stdout.write(`setup: ${label} … `);
    const stepStarted = Date.now();
    try {
      await runStep(step, { root, env });
      console.log(`done (${seconds(stepStarted)})`);
    } catch (err) {
      console.log('failed');
      problems.push({ message: `${label} failed: ${/** @type {Error} */ (err).message}` });
    }
  }
  if (problems.length > 0) return problems;
  // Whatever the installers said, what counts is what the survey now finds.
  const left = toInstall(survey(itemsFor(part), { root, env, platform }));
  for (const { item, reason } of left) {
    problems.push({ message: `${item.label} is still missing: ${reason}` });
  }
  if (problems.length === 0) console.log(`setup: ready (${seconds(started)})`);
  return problems;
}

/** @param {number} since */
function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * @param {string} message
 * @param {number} code
 */
function fail(message, code) {
  console.error(message);
  process.exitCode = code;
}

// Ctrl-C reaches the installers too (same process group); the lock is released on exit.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().catch((err) => {
  console.error(`setup: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
