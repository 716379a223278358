import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalAddress } from '../support/temporal.js';
import { root, run, tool } from './tools.js';

const scriptsDir = join(root, 'deploy', 'temporal');
const scripts = readdirSync(scriptsDir).filter((name) => name.endsWith('.sh'));

describe('deploy/temporal scripts', () => {
  it('pass shellcheck as POSIX sh (the admin-tools image runs them with /bin/sh)', () => {
    expect(scripts.sort()).toEqual(['create-namespace.sh', 'setup-postgres.sh']);
    const shellcheck = tool('shellcheck');
    const result = run(shellcheck, ['--shell=sh', '--severity=style', ...scripts], {
      cwd: scriptsDir,
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('create-namespace.sh creates the namespace on a real Temporal server, and is idempotent', () => {
    const temporal = tool('temporal');
    const namespace = `deploy-test-${randomUUID().slice(0, 8)}`;
    const env = {
      PATH: `${dirname(temporal)}${delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: namespace,
      NAMESPACE_RETENTION: '3d',
    };
    const script = join(scriptsDir, 'create-namespace.sh');

    const first = run('sh', [script], { env, timeoutMs: 60_000 });
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain(`namespace ${namespace} is ready`);

    const described = run(temporal, [
      'operator',
      'namespace',
      'describe',
      '--namespace',
      namespace,
      '--address',
      temporalAddress(),
      '--output',
      'json',
    ]);
    expect(described.status, described.stderr).toBe(0);
    const info = JSON.parse(described.stdout);
    expect(info.namespaceInfo.name).toBe(namespace);
    expect(info.config.workflowExecutionRetentionTtl).toBe(`${3 * 24 * 3600}s`);

    // Every `docker compose up` runs it again against the same server.
    const second = run('sh', [script], { env, timeoutMs: 60_000 });
    expect(second.status, second.stdout + second.stderr).toBe(0);
  });

  it('create-namespace.sh gives up with a clear failure when no server answers', () => {
    const temporal = tool('temporal');
    const result = run('sh', [join(scriptsDir, 'create-namespace.sh')], {
      env: {
        PATH: `${dirname(temporal)}${delimiter}${process.env.PATH ?? ''}`,
        HOME: process.env.HOME,
        // A loopback port with nothing listening: port 9 (discard) is never served here.
        TEMPORAL_ADDRESS: '127.0.0.1:9',
        MAX_ATTEMPTS: '2',
      },
      timeoutMs: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Temporal at 127.0.0.1:9 was not healthy after 2 attempts');
  });
});
