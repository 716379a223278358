// @ts-check
// Where things go under .tools/, and what an exposed entry must look like to count as current.
import { dirname, join, relative } from 'node:path';
import { pipRequirement } from './catalogue.mjs';

/** @typedef {import('./catalogue.mjs').PypiItem} PypiItem */

/** @param {string} root  the repository */
export function toolsDir(root) {
  return join(root, '.tools');
}

/**
 * The folder, relative to .tools/, a PyPI item is installed into. The version in its name
 * means a new pin installs beside the old one, and the exposed link moves to it.
 * @param {PypiItem} item
 */
export function installFolder(item) {
  return join('pypi', `${item.pypi}-${item.version}`);
}

/**
 * The installed file, relative to .tools/.
 * @param {PypiItem} item
 */
export function installedFile(item) {
  return join(installFolder(item), item.file);
}

/**
 * What .tools/<exposeAs> holds when it is current: a relative symlink to the installed file
 * (so the checkout can move), or a small shell script that puts the install folder on
 * PYTHONPATH before running the program.
 * @param {PypiItem} item
 * @returns {{ type: 'symlink', target: string } | { type: 'script', content: string }}
 */
export function exposedEntry(item) {
  const fromEntry = (/** @type {string} */ path) => relative(dirname(item.exposeAs), path);
  if (item.expose === 'symlink') return { type: 'symlink', target: fromEntry(installedFile(item)) };
  const folder = `$tools/${installFolder(item)}`;
  return {
    type: 'script',
    content: [
      '#!/bin/sh',
      `# Written by npm run setup: ${pipRequirement(item)} and its libraries, installed with pip --target.`,
      `tools="$(CDPATH='' cd -- "$(dirname -- "$0")/${fromEntry('.')}" && pwd)"`,
      `PYTHONPATH="${folder}\${PYTHONPATH:+:$PYTHONPATH}"`,
      'export PYTHONPATH',
      `exec "${folder}/${item.file}" "$@"`,
      '',
    ].join('\n'),
  };
}
