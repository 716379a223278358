import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('setup-postgres.sh sets up both databases and stops at the first failing step', () => {
    // temporal-sql-tool and nc exist only in the admin-tools image: stand-ins on PATH record
    // each call and fail where told, which is enough to check the script's own control flow.
    const bin = mkdtempSync(join(tmpdir(), 'typecast-sql-tool-'));
    const calls = join(bin, 'calls');
    try {
      writeFileSync(
        join(bin, 'temporal-sql-tool'),
        '#!/bin/sh\necho "$*" >> "$CALLS"\n' +
          'if [ -n "${FAIL_ON:-}" ]; then case "$*" in *"$FAIL_ON"*) echo "pq: $FAIL_ON failed" >&2; exit 1;; esac; fi\n',
      );
      writeFileSync(join(bin, 'nc'), '#!/bin/sh\nexit 0\n');
      for (const tool of ['temporal-sql-tool', 'nc']) chmodSync(join(bin, tool), 0o755);
      const setup = (failOn = '') => {
        writeFileSync(calls, '');
        const result = run('sh', [join(scriptsDir, 'setup-postgres.sh')], {
          env: {
            PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
            CALLS: calls,
            FAIL_ON: failOn,
            POSTGRES_SEEDS: 'postgresql',
            POSTGRES_USER: 'temporal',
            SQL_PASSWORD: 'secret',
            DB_PORT: '5432',
          },
        });
        const made = readFileSync(calls, 'utf8').trim().split('\n');
        return { ...result, calls: made.map((c) => c.replace(prefix, '')) };
      };
      const prefix = '--plugin postgres12 --ep postgresql -u temporal -p 5432 ';
      const schema = '/etc/temporal/schema/postgresql/v12';

      const ok = setup();
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.calls).toEqual([
        '--db temporal create',
        '--db temporal setup-schema -v 0.0',
        `--db temporal update-schema -d ${schema}/temporal/versioned`,
        '--db temporal_visibility create',
        '--db temporal_visibility setup-schema -v 0.0',
        `--db temporal_visibility update-schema -d ${schema}/visibility/versioned`,
      ]);
      expect(ok.stdout).toContain('Temporal schema is up to date');

      // `create` succeeds on an existing database, so its failure is a real one: the job stops
      // there, with the tool's message, instead of failing later in setup-schema.
      const failed = setup('--db temporal_visibility create');
      expect(failed.status).not.toBe(0);
      expect(failed.stderr).toContain('pq: --db temporal_visibility create failed');
      expect(failed.calls.at(-1)).toBe('--db temporal_visibility create');
      expect(failed.calls).toHaveLength(4);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
