import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { DockerfileParser } from 'dockerfile-ast';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  composeText,
  inRepository,
  resolveCompose,
  secretsDotenv,
  type ComposeModel,
  type Service,
} from './resolve-compose.js';
import { dockerCompose, root, run } from './tools.js';
import { devServerDynamicConfig } from '../../src/local/local-temporal.js';

const require = createRequire(import.meta.url);

describe('compose.yaml', () => {
  let model: ComposeModel;
  beforeAll(() => {
    model = resolveCompose();
  });

  it('validates against the Compose Specification JSON Schema', () => {
    // dclint ships the Compose Specification's compose-spec.json (draft-07, https $schema URI).
    const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas');
    const schema = JSON.parse(readFileSync(join(schemaPath, 'compose.schema.json'), 'utf8'));
    expect(schema.title).toBe('Compose Specification');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema({
      ...require('ajv/dist/refs/json-schema-draft-07.json'),
      $id: schema.$schema,
    });
    const validate = ajv.compile(schema);

    const document = parse(composeText, { merge: true });
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);

    // The same validator rejects a misspelt key, so the pass above means something.
    const broken = parse(composeText, { merge: true });
    broken.services.worker.stop_grace_priod = '45s';
    expect(validate(broken)).toBe(false);
  });

  it('passes dclint with no warnings', () => {
    const dclint = join(root, 'node_modules', '.bin', 'dclint');
    const args = ['-c', 'deploy/dclint.yaml', '--max-warnings', '0', '--no-color'];
    const clean = run(dclint, [...args, 'compose.yaml']);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    // An unpinned image and a `version:` key are reported, so the exit code is meaningful.
    const dir = mkdtempSync(join(tmpdir(), 'typecast-dclint-'));
    try {
      const bad = composeText.replace(/temporalio\/ui:[\w.]+/, 'temporalio/ui');
      writeFileSync(join(dir, 'compose.yaml'), `version: '3.8'\n${bad}`);
      const dirty = run(dclint, [...args, join(dir, 'compose.yaml')]);
      expect(dirty.status).not.toBe(0);
      expect(dirty.stdout + dirty.stderr).toMatch(/no-version-field/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is accepted by Docker Compose itself, which rejects a dependency on a missing service', () => {
    expect(Object.keys(model.services).sort()).toEqual([
      'model',
      'postgresql',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'web',
      'worker',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'typecast-compose-bad-'));
    try {
      writeFileSync(
        join(dir, 'compose.yaml'),
        composeText.replaceAll(
          'temporal-namespace:\n        condition',
          'temporal-namespce:\n        condition',
        ),
      );
      writeFileSync(join(dir, '.env'), secretsDotenv);
      const result = run(dockerCompose(), ['config', '--quiet'], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/temporal-namespce/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the app only after a chain of ready dependencies down to PostgreSQL', () => {
    const { services } = model;
    // A one-shot job is awaited until it exits 0; a long-running service until its healthcheck passes.
    const oneShots = new Set(['temporal-schema', 'temporal-namespace']);
    const required = (service: Service | undefined) =>
      Object.entries(service?.depends_on ?? {}).filter(([, dep]) => dep.required !== false);
    const chainFrom = (name: string): string[] => {
      const deps = required(services[name]);
      if (deps.length === 0) return [name];
      expect(deps).toHaveLength(1);
      const [dependency, { condition }] = deps[0]!;
      if (oneShots.has(dependency)) {
        expect(condition, `${name} -> ${dependency}`).toBe('service_completed_successfully');
        expect(services[dependency]?.restart ?? 'no').toBe('no');
      } else {
        expect(condition, `${name} -> ${dependency}`).toBe('service_healthy');
        expect(services[dependency]?.healthcheck?.test.length).toBeGreaterThan(0);
      }
      return [name, ...chainFrom(dependency)];
    };
    const expected = ['temporal-namespace', 'temporal', 'temporal-schema', 'postgresql'];
    expect(chainFrom('web')).toEqual(['web', ...expected]);
    expect(chainFrom('worker')).toEqual(['worker', ...expected]);
    expect(chainFrom('temporal-ui')).toEqual([
      'temporal-ui',
      'temporal',
      'temporal-schema',
      'postgresql',
    ]);
    // The worker waits for the stack's model to load, but starts without it: a remote model
    // needs no local one, and Compose only warns about an optional dependency that fails.
    expect(services.worker!.depends_on?.model).toEqual({
      condition: 'service_healthy',
      required: false,
    });
    expect(services.web!.depends_on?.model).toBeUndefined();
  });

  it('serves the offline model from its own image, inside the stack only', () => {
    const service = model.services.model!;
    expect(service.build?.target).toBe('model');
    expect(service.ports ?? []).toEqual([]);
    expect(service.healthcheck!.test.join(' ')).toMatch(/127\.0\.0\.1:8808\/health/);
    expect(service.restart).toBe('unless-stopped');
  });

  it('lets web and worker reach a model server on the Docker host', () => {
    for (const name of ['web', 'worker']) {
      expect(model.services[name]!.extra_hosts, name).toEqual([
        'host.docker.internal=host-gateway',
      ]);
    }
  });

  it('runs the one-shot jobs from scripts that exist in deploy/', () => {
    for (const name of ['temporal-schema', 'temporal-namespace']) {
      const service = model.services[name]!;
      const mount = service.volumes?.find((v) => v.target === '/deploy');
      expect(mount?.type).toBe('bind');
      expect(mount?.read_only).toBe(true);
      const script = service.command?.[0] ?? '';
      expect(script.startsWith('/deploy/')).toBe(true);
      const onHost = join(inRepository(model, mount!.source), script.slice('/deploy/'.length));
      expect(readFileSync(onHost, 'utf8').startsWith('#!/bin/sh')).toBe(true);
      expect(service.entrypoint).toEqual(['/bin/sh']);
    }
    const dynamicConfig = model.services.temporal!.volumes?.[0];
    const file = model.services.temporal!.environment?.DYNAMIC_CONFIG_FILE_PATH ?? '';
    expect(dynamicConfig?.target).toBe('/etc/temporal/config/dynamicconfig');
    const parsed = parse(
      readFileSync(
        join(inRepository(model, dynamicConfig!.source), file.replace('config/dynamicconfig/', '')),
        'utf8',
      ),
    );
    expect(parsed['limit.maxIDLength']).toEqual([{ value: 255, constraints: {} }]);
    // The same matching settings as npm start's dev server: one server process, one partition.
    for (const setting of devServerDynamicConfig) {
      const [key, value] = setting.split('=');
      expect(parsed[key!], key).toEqual([{ value: Number(value), constraints: {} }]);
    }
  });

  it('keeps health checks, data volume, replicas and loopback ports where a reviewer expects them', () => {
    const { services, volumes } = model;
    expect(services.postgresql!.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
    expect(services.temporal!.healthcheck!.test).toContain('7233');
    expect(services.web!.healthcheck!.test.join(' ')).toMatch(/127\.0\.0\.1:8000\/health/);

    const data = services.postgresql!.volumes!.find((v) => v.target === '/var/lib/postgresql/data');
    expect(data?.type).toBe('volume');
    expect(Object.keys(volumes ?? {})).toContain(data!.source);

    expect(services.worker!.deploy?.replicas).toBe(2);

    // No published port listens beyond this machine: neither serves TLS, and the UI has no sign-in.
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) expect(port.host_ip).toBe('127.0.0.1');
    }
    expect(services.web!.ports!.map((p) => p.target)).toEqual([8000]);
    expect(services['temporal-ui']!.ports!.map((p) => p.target)).toEqual([8080]);
  });

  it('pins every image and builds the app from Dockerfile targets that exist', () => {
    const stages = DockerfileParser.parse(readFileSync(join(root, 'Dockerfile'), 'utf8'))
      .getFROMs()
      .map((from) => from.getBuildStage());
    for (const [name, service] of Object.entries(model.services)) {
      if (service.build) {
        expect(service.build.target, name).toBe(name);
        expect(stages).toContain(service.build.target);
      } else {
        expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(service.image).not.toMatch(/:latest$/);
      }
    }
    // Server and admin-tools move together: the schema job applies the server's schema.
    const server = model.services.temporal!.image!.split(':');
    expect(server[0]).toBe('temporalio/server');
    expect(model.services['temporal-schema']!.image).toBe(`temporalio/admin-tools:${server[1]}`);
    expect(model.services['temporal-namespace']!.image).toBe(
      model.services['temporal-schema']!.image,
    );
  });
});
