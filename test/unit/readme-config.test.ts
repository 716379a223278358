import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { envVariables } from '../../src/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's configuration section, up to the next heading of the same level. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

it('documents every configuration variable in the README table', () => {
  const table = section('Configuration')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .join('\n');
  const missing = envVariables.filter((name) => !table.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});
