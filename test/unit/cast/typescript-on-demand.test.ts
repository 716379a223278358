import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// In a process of its own: the test runner's may have loaded the compiler already.
const probe = `
import { createRequire } from 'node:module';
await import('./src/web/app.ts');
const { resolveTarget } = await import('./src/cast/target.ts');
const cache = createRequire(import.meta.url).cache;
const loaded = () => Object.keys(cache).some((path) => path.includes('/node_modules/typescript/'));
const atImport = loaded();
resolveTarget({ preset: 'integer' });
resolveTarget({ schema: { type: 'object', properties: { a: { type: 'string' } } } });
const afterOthers = loaded();
const target = resolveTarget({ type: '{ city: string; zip?: number }' });
console.log(JSON.stringify({ atImport, afterOthers, afterType: loaded(), schema: target.schema }));
`;

it('loads the TypeScript compiler with the first type expression, not before', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', probe],
    { cwd: root },
  );
  const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  expect(seen).toMatchObject({ atImport: false, afterOthers: false, afterType: true });
  expect(seen.schema).toMatchObject({
    type: 'object',
    properties: { city: { type: 'string' }, zip: { type: 'number' } },
    required: ['city'],
  });
});
