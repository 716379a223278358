import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { root, run } from './tools.js';

/** Where and as whom the image's commands run outside Docker. */
export interface ProductionApp {
  /** Mirrors /app: package.json, the pruned node_modules and dist/, all owned by root. */
  dir: string;
  /** The image's USER when this process may switch to it (it runs as root), else undefined. */
  user?: { uid: number; gid: number };
  /** An empty home of the process user, as the image's /home/node. */
  home: string;
  remove(): void;
}

const dockerfile = DockerfileParser.parse(readFileSync(join(root, 'Dockerfile'), 'utf8'));

/** The arguments of one instruction in one stage of the Dockerfile. */
function stageInstruction(stage: string, keyword: string): string {
  let current = '';
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM')
      current = instruction.getArguments()[2]?.getValue() ?? '';
    else if (current === stage && instruction.getKeyword() === keyword) {
      return instruction.getArgumentsContent() ?? '';
    }
  }
  throw new Error(`the Dockerfile has no ${keyword} in stage ${stage}`);
}

/**
 * The image's install, made as its Dockerfile makes it: the files the `deps` stage copies, the
 * repository's node_modules (the lockfile's `npm ci`) as hard links, then the `prod-deps`
 * stage's own `npm prune` command, offline. The folder lives outside the repository, so a
 * package the prune removed cannot be found in the repository's node_modules either.
 */
export function prepareProductionApp(buildDir: string): ProductionApp {
  const dir = mkdtempSync(join(tmpdir(), 'typecast-app-'));
  chmodSync(dir, 0o755);
  for (let up = dirname(dir); ; up = dirname(up)) {
    if (readdirSync(up).includes('node_modules')) {
      throw new Error(`${up}/node_modules would serve packages the image does not have`);
    }
    if (dirname(up) === up) break;
  }

  const copied = stageInstruction('deps', 'COPY').split(/\s+/).slice(0, -1);
  for (const file of copied) copyFileSync(join(root, file), join(dir, file));
  linkTree(join(root, 'node_modules'), join(dir, 'node_modules'));
  const prune = stageInstruction('prod-deps', 'RUN').split(/\s+/);
  if (prune[0] !== 'npm') throw new Error(`unexpected prune command: ${prune.join(' ')}`);
  const pruned = run('npm', prune.slice(1), {
    cwd: dir,
    env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false' },
    timeoutMs: 120_000,
  });
  if (pruned.status !== 0) throw new Error(`${prune.join(' ')} failed:\n${pruned.stderr}`);
  linkTree(buildDir, join(dir, 'dist'));

  const home = join(dir, '.home');
  mkdirSync(home);
  const [uid, gid] = stageInstruction('runtime-base', 'USER').split(':').map(Number);
  const user = process.getuid?.() === 0 ? { uid: uid!, gid: gid! } : undefined;
  if (user) chownSync(home, user.uid, user.gid);
  return { dir, user, home, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies a tree as hard links: seconds instead of minutes for node_modules, and nothing written
 * to the originals. Only npm's hidden lockfile is a real copy, because npm rewrites it in place.
 */
function linkTree(source: string, target: string) {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (entry.name === '.package-lock.json') copyFileSync(from, to);
    else linkSync(from, to);
  }
}
