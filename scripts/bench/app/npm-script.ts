import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How one of a checkout's npm scripts starts node. */
export interface NodeCommand {
  env: Record<string, string>;
  /** node's own flags, the tsx loader's `--import tsx` included. */
  flags: string[];
  /** The script node runs, and its arguments. */
  program: string[];
}

/**
 * Reads `scripts[name]` from a checkout's package.json, so the bench runs what `npm start` (or
 * `npm run worker`) of that very checkout runs, flags and environment included, on either side
 * of a --compare.
 */
export function npmScriptCommand(root: string, name: string): NodeCommand {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.[name];
  if (!script) throw new Error(`${root}/package.json has no "${name}" script`);
  return nodeCommandOf(script, name);
}

const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** node's flags that take their value as the next word (the others are written `--flag=value`). */
const takesValue = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/** node's flags but for the tsx loader (`--import tsx`), which runs from source only. */
export const withoutLoader = (flags: string[]): string[] =>
  flags.filter((flag, i) => flag !== '--import' && flags[i - 1] !== '--import');

/**
 * Understands the one shape these scripts take, `[NAME=value …] [exec] node …`, and the `tsx
 * <file>` of older checkouts (which runs node with the tsx loader in a child process). Anything
 * else, quotes or shell expansions included, is an error rather than a guess.
 */
export function nodeCommandOf(script: string, name = 'script'): NodeCommand {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let at = 0;
  for (let match; (match = assignment.exec(words[at] ?? '')); at++) env[match[1]!] = match[2]!;
  if (words[at] === 'exec') at++;
  const [command, ...args] = words.slice(at);
  const plain = [...Object.values(env), ...args].every((word) => !/['"`$\\;&|<>()]/.test(word));
  if (plain && command === 'node') {
    let flags = 0;
    while (args[flags]?.startsWith('-')) flags += takesValue.has(args[flags]!) ? 2 : 1;
    if (flags < args.length)
      return { env, flags: args.slice(0, flags), program: args.slice(flags) };
  }
  if (plain && command === 'tsx' && args.length > 0)
    return { env, flags: ['--import', 'tsx'], program: args };
  throw new Error(
    `the "${name}" script (${script}) is not of the form [NAME=value …] [exec] node <args>, which the bench runs itself`,
  );
}
