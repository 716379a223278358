import { describe, expect, it } from 'vitest';
import { startLocalModel } from '../../src/local/local-model.js';

// The model server as `npm start` runs it: a service in its own process group.

const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  LOG_LEVEL: 'warn',
  ...(process.env.TYPECAST_LOCAL_MODEL_PATH
    ? { TYPECAST_LOCAL_MODEL_PATH: process.env.TYPECAST_LOCAL_MODEL_PATH }
    : {}),
};

describe('startLocalModel', () => {
  it('fails with the server’s own words when it cannot start', async () => {
    await expect(
      startLocalModel({ env: { ...env, TYPECAST_LOCAL_MODEL_PATH: '/nowhere/model.gguf' } }),
    ).rejects.toThrow(/while starting[\s\S]*TYPECAST_LOCAL_MODEL_PATH names \/nowhere/);
  });

  it('answers once loaded, reports its death, and stop() is then harmless', async () => {
    const model = await startLocalModel({ env });
    const health = (await (await fetch(`http://${model.host}:${model.port}/health`)).json()) as {
      status: string;
    };
    expect(health.status).toBe('ok');
    expect(model.url).toBe(`http://127.0.0.1:${model.port}/v1`);

    process.kill(model.pid!, 'SIGKILL');
    await expect(model.died).resolves.toMatchObject({ signal: 'SIGKILL' });
    await model.stop();
    await expect(fetch(`http://${model.host}:${model.port}/health`)).rejects.toThrow();
  });
});
