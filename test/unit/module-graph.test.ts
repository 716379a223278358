import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

/** Every TypeScript module under src/, by its path relative to the checkout. */
const modules = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((path) => /\.tsx?$/.test(path) && !path.includes('static'))
  .map((path) => `src/${path}`);

/** The modules each module imports, type-only imports included: a reader follows those too. */
const imports = new Map(
  modules.map((path) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, path), 'utf8'), true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, resolve(dirname(join(root, path)), name)))
      .flatMap((target) => {
        const base = target.replace(/\.js$/, '');
        return [`${base}.ts`, `${base}.tsx`].filter((candidate) => modules.includes(candidate));
      });
    return [path, targets];
  }),
);

function cycles(): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (module: string) => {
    path.push(module);
    for (const next of imports.get(module) ?? []) {
      const at = path.indexOf(next);
      if (at !== -1) found.push([...path.slice(at), next]);
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(module);
  };
  for (const module of modules) if (!done.has(module)) visit(module);
  return found;
}

describe('the module graph', () => {
  it('has no import cycles', () => {
    expect(modules.length).toBeGreaterThan(50);
    expect(cycles()).toEqual([]);
  });

  it('reaches the type-expression parser only through its entry point', () => {
    const inner = (path: string) => path.startsWith('src/cast/type-expression/');
    const reachedInside = [...imports]
      .filter(([from]) => !inner(from))
      .flatMap(([from, targets]) => targets.filter(inner).map((target) => `${from} -> ${target}`))
      .filter((edge) => !edge.endsWith('/type-expression/index.ts'));
    expect(reachedInside).toEqual([]);
  });

  it('keeps configuration free of workflow code', () => {
    const fromConfig = imports.get('src/config.ts') ?? [];
    expect(fromConfig.filter((target) => target.startsWith('src/workflows/'))).toEqual([]);
  });
});
describe("the README's Develop section", () => {
  it('shows every folder of src/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const develop = readme.slice(
      readme.indexOf('\n## Develop\n'),
      readme.indexOf('\n## ', readme.indexOf('\n## Develop\n') + 1),
    );
    const folders = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${relative(root, join(entry.parentPath, entry.name))}/`);
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((folder) => !develop.includes(folder))).toEqual([]);
  });
});
