import { expect, it } from 'vitest';
import { root, run } from './tools.js';

/** A tracked file as git would write it on a checkout with core.autocrlf=true (Windows' default). */
function checkedOutWithAutocrlf(path: string): string {
  const result = run('git', ['-c', 'core.autocrlf=true', 'cat-file', '--filters', `:${path}`], {
    cwd: root,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

it('keeps LF in every file a container runs or reads, even on a Windows checkout', () => {
  const listed = run('git', ['ls-files', '--', '*.sh', 'Dockerfile', 'deploy'], { cwd: root });
  const files = listed.stdout.trim().split('\n');
  expect(files).toEqual(
    expect.arrayContaining([
      'Dockerfile',
      'deploy/temporal/setup-postgres.sh',
      'deploy/temporal/create-namespace.sh',
      'deploy/env/app.env',
    ]),
  );
  for (const file of files) expect(checkedOutWithAutocrlf(file), file).not.toContain('\r');
  // Files without the attribute do get CRLF there, so the check above can fail.
  expect(checkedOutWithAutocrlf('README.md')).toContain('\r\n');
});
