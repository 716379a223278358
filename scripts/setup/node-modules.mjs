// @ts-check

/**
 * @typedef {object} LockEntry
 * @property {string} [version]
 * @property {boolean} [optional]
 * @property {boolean} [devOptional]
 * @property {boolean} [link]
 */
/** @typedef {{ packages?: Record<string, LockEntry> }} Lockfile */

/**
 * Why node_modules does not hold what package-lock.json asks for, or undefined when it does.
 *
 * npm records the tree it installed in node_modules/.package-lock.json, in the same shape as
 * package-lock.json, so comparing the two answers "is `npm ci` needed?" without walking
 * node_modules. Optional packages may be absent (npm skips those for other platforms, e.g.
 * esbuild's); packages that are installed but no longer locked do no harm and are ignored.
 *
 * @param {Lockfile} lock             package-lock.json
 * @param {Lockfile | undefined} installed  node_modules/.package-lock.json, if there is one
 * @returns {string | undefined}
 */
export function nodeModulesProblem(lock, installed) {
  if (!installed) return 'node_modules is missing';
  const have = installed.packages ?? {};
  for (const [path, wanted] of Object.entries(lock.packages ?? {})) {
    if (path === '' || wanted.link) continue;
    const entry = have[path];
    const name = path.replace(/^.*node_modules\//, '');
    if (!entry) {
      if (wanted.optional || wanted.devOptional) continue;
      return `${name} is not installed`;
    }
    if (entry.version !== wanted.version) {
      return `${name} is ${entry.version ?? 'of no version'}, package-lock.json wants ${wanted.version}`;
    }
  }
  return undefined;
}
