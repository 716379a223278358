import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// tsc emits only compiled code; the web reads its own CSS and scripts next to its compiled
// module (src/web/static-assets.ts: new URL('./static/…', import.meta.url)), so they are copied
// to the same place under the output directory (first argument, default dist/).
const source = fileURLToPath(new URL('../src/web/static', import.meta.url));
const outDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
const target = `${outDir}/web/static`;

cpSync(source, target, { recursive: true });
console.log(`web static files copied to ${target}`);

// The failure converter is loaded by path with require() (src/codec/data-converter.ts): a
// CommonJS file that tsc does not emit, so it is copied beside the compiled module too.
const converter = fileURLToPath(new URL('../src/codec/failure-converter.cjs', import.meta.url));
cpSync(converter, `${outDir}/codec/failure-converter.cjs`);
console.log(`failure converter copied to ${outDir}/codec/`);
