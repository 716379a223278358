import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startLocalModel } from '../../src/local/local-model.js';
import { createLogger } from '../../src/logger.js';

// The model server as `npm start` runs it: a child process in its own group.

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };

describe('startLocalModel', () => {
  it('fails with the server’s own words when it cannot start', async () => {
    const { logger } = capturingLogger();
    await expect(
      startLocalModel(logger, {
        env: { ...env, TYPECAST_LOCAL_MODEL_PATH: '/nowhere/model.gguf' },
      }),
    ).rejects.toThrow(/exited while starting[\s\S]*TYPECAST_LOCAL_MODEL_PATH names \/nowhere/);
  });

  it('answers once loaded, says so when the server dies, and stop() is then harmless', async () => {
    const { logger, lines } = capturingLogger();
    const model = await startLocalModel(logger, {
      env: {
        ...env,
        ...(process.env.TYPECAST_LOCAL_MODEL_PATH
          ? { TYPECAST_LOCAL_MODEL_PATH: process.env.TYPECAST_LOCAL_MODEL_PATH }
          : {}),
      },
    });
    const health = (await (await fetch(`http://${model.host}:${model.port}/health`)).json()) as {
      status: string;
    };
    expect(health.status).toBe('ok');
    expect(model.url).toBe(`http://127.0.0.1:${model.port}/v1`);

    process.kill(model.pid, 'SIGKILL');
    await expect
      .poll(() => lines.find((line) => line.msg?.toString().includes('local model server exited')))
      .toBeDefined();
    await model.stop();
    await expect(fetch(`http://${model.host}:${model.port}/health`)).rejects.toThrow();
  });
});
