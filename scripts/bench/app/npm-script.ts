import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How one of a checkout's npm scripts starts node: its environment and node's arguments. */
export interface NodeCommand {
  env: Record<string, string>;
  /** Everything after `node`: node's flags, the tsx loader, the script and its arguments. */
  args: string[];
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
  const [program, ...args] = words.slice(at);
  const plain = [...Object.values(env), ...args].every((word) => !/['"`$\\;&|<>()]/.test(word));
  if (plain && program === 'node' && args.length > 0) return { env, args };
  if (plain && program === 'tsx' && args.length > 0)
    return { env, args: ['--import', 'tsx', ...args] };
  throw new Error(
    `the "${name}" script (${script}) is not of the form [NAME=value …] [exec] node <args>, which the bench runs itself`,
  );
}
