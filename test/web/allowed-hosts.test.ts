import { request } from 'node:http';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCasts } from '../../src/client/list-casts.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startWebServer, type WebServer } from '../../src/run/web-server.js';
import { hostName } from '../../src/web/allowed-hosts.js';
import { connectTestEnvironment, randomTaskQueue, temporalAddress } from '../support/temporal.js';

// DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches the
// app as "same origin" — only the Host header gives it away. Tested through a real socket,
// since fetch() cannot set Host and the Node adapter is part of what must hold.
let env: TestWorkflowEnvironment;
let client: Client;
const servers: WebServer[] = [];

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await env?.teardown();
});

const load = (env: Record<string, string>) =>
  loadConfig({
    TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    TEMPORAL_ADDRESS: temporalAddress(),
    ...env,
  });

async function serve(env: Record<string, string> = {}) {
  const taskQueue = randomTaskQueue('hosts');
  const config = load({ TEMPORAL_TASK_QUEUE: taskQueue, PORT: '0', ...env });
  const server = await startWebServer(config, createLogger('silent'));
  servers.push(server);
  return { port: Number(new URL(server.url).port), taskQueue };
}

interface Sent {
  method?: string;
  path?: string;
  host: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTP request with exactly this Host header, to 127.0.0.1. */
function send(port: number, { method = 'GET', path = '/', host, headers = {}, body }: Sent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { Host: host, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const rebound = (port: number) => ({
  method: 'POST',
  path: '/api/casts',
  host: `evil.example:${port}`,
  headers: {
    Origin: `http://evil.example:${port}`,
    'Sec-Fetch-Site': 'same-origin',
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({ data: 'one, TWO, three', target: { type: 'number[]' } }),
});

describe('the Host check', () => {
  it('refuses a rebound request with a clear message and starts nothing', async () => {
    const { port, taskQueue } = await serve();
    const res = await send(port, rebound(port));
    expect(res.status).toBe(403);
    const { error } = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('HostNotAllowed');
    expect(error.message).toContain('"evil.example:');
    expect(error.message).toContain('TYPECAST_ALLOWED_HOSTS');
    expect((await listCasts(client, { taskQueue })).casts).toEqual([]);

    // Every route, reads and pages included: a rebound page could read the answers.
    for (const path of [
      '/',
      '/api/casts',
      '/api/casts/cast-x',
      '/casts/cast-x',
      '/docs',
      '/openapi.json',
      '/static/app.js',
      '/nowhere',
    ]) {
      expect((await send(port, { path, host: `evil.example:${port}` })).status, path).toBe(403);
    }
    const page = await send(port, { path: '/', host: 'evil.example' });
    expect(page.body).toContain('does not answer to the name');
    // Health checks address the container by any name.
    expect((await send(port, { path: '/health', host: 'evil.example' })).status).toBe(200);
  });

  it('answers to the loopback names on any port, and keeps the cross-site check', async () => {
    const { port } = await serve();
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'LOCALHOST',
      'localhost:8000',
    ]) {
      expect((await send(port, { path: '/api/types', host })).status, host).toBe(200);
    }
    const crossSite = await send(port, {
      ...rebound(port),
      host: `127.0.0.1:${port}`,
      headers: { ...rebound(port).headers, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain('"Forbidden"');
  });

  it('answers to the names in TYPECAST_ALLOWED_HOSTS instead, or to any with *', async () => {
    const named = await serve({ TYPECAST_ALLOWED_HOSTS: 'typecast.example, web' });
    expect(
      (await send(named.port, { path: '/api/types', host: 'typecast.example:8443' })).status,
    ).toBe(200);
    expect((await send(named.port, { path: '/api/types', host: 'web:8000' })).status).toBe(200);
    expect((await send(named.port, { path: '/api/types', host: 'localhost' })).status).toBe(403);

    const any = await serve({ TYPECAST_ALLOWED_HOSTS: '*' });
    expect((await send(any.port, { path: '/api/types', host: 'evil.example' })).status).toBe(200);
  });
});

describe('TYPECAST_ALLOWED_HOSTS', () => {
  it('defaults to the loopback names, plus HOST when it names one address', () => {
    expect(load({}).web.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(load({ HOST: '0.0.0.0' }).web.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(load({ HOST: '192.168.1.20' }).web.allowedHosts).toContain('192.168.1.20');
    expect(load({ HOST: 'fd00::20' }).web.allowedHosts).toContain('[fd00::20]');
    expect(load({ TYPECAST_ALLOWED_HOSTS: ' ' }).web.allowedHosts).toContain('localhost');
  });

  it('refuses what is not a host name, naming the variable', () => {
    for (const bad of ['localhost:8000', 'http://typecast.example', 'a b', '::1', ',']) {
      expect(() => load({ TYPECAST_ALLOWED_HOSTS: bad }), bad).toThrow(ConfigError);
      expect(() => load({ TYPECAST_ALLOWED_HOSTS: bad }), bad).toThrow(/TYPECAST_ALLOWED_HOSTS/);
    }
  });

  it('compares names as browsers send them', () => {
    expect(hostName('LocalHost:8000')).toBe('localhost');
    expect(hostName('[::1]:8000')).toBe('[::1]');
    expect(hostName('evil.example/x')).toBeUndefined();
    expect(hostName('user@localhost')).toBeUndefined();
    expect(hostName('')).toBeUndefined();
  });
});
