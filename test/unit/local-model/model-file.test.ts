import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModelFile, ModelFileNotFound } from '../../../src/local-model/model-file.js';

let root: string;
const noPython = 'python-that-is-not-installed';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'typecast-model-file-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findModelFile', () => {
  it('takes TYPECAST_LOCAL_MODEL_PATH first, and says when it names nothing', async () => {
    const file = join(root, 'mine.gguf');
    await writeFile(file, '');
    expect(await findModelFile({ explicitPath: file, repoRoot: root, python: noPython })).toBe(
      file,
    );
    await expect(
      findModelFile({ explicitPath: join(root, 'gone.gguf'), repoRoot: root, python: noPython }),
    ).rejects.toThrow(/TYPECAST_LOCAL_MODEL_PATH names .*gone\.gguf/);
  });

  it('names npm run setup when neither .tools/models nor the Python package has it', async () => {
    const error = await findModelFile({ repoRoot: root, python: noPython }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelFileNotFound);
    expect(String(error)).toContain('npm run setup');
  });

  it('finds the copy set-up puts under .tools/models', async () => {
    const dir = join(root, '.tools', 'models');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'SmolLM2-135M-Instruct.Q4_1.gguf'), '');
    expect(await findModelFile({ repoRoot: root, python: noPython })).toBe(
      join(dir, 'SmolLM2-135M-Instruct.Q4_1.gguf'),
    );
  });
});
