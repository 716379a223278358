import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

// The compiler costs about 80 MB of memory once loaded, and most casts name a preset or a JSON
// Schema: it is loaded by the first type expression, not by whoever imports this folder.
let loaded: typeof TypeScript | undefined;
const load = () => (loaded ??= createRequire(import.meta.url)('typescript') as typeof TypeScript);

/** The TypeScript compiler's API, loaded on first use. Its types: `import type ts`. */
export const typescript = new Proxy({} as typeof TypeScript, {
  get: (_target, key) => load()[key as keyof typeof TypeScript],
});
