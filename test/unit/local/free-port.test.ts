import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ephemeralRange, freePort } from '../../../src/local/free-port.js';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('freePort', () => {
  it('gives free ports outside the range the OS hands out for outgoing connections', async () => {
    const range = ephemeralRange();
    expect(range, 'this suite runs on Linux, which reports its range').toBeDefined();
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    for (const port of ports) {
      expect(port < range!.low || port > range!.high, `port ${port}`).toBe(true);
      await close(await listen(port));
    }
    // Random, so that test processes starting together do not all reach for the same port.
    expect(new Set(ports).size).toBeGreaterThan(10);
  });

  it('passes over a port that is taken', async () => {
    // 0.5 and 0.25 of the way into the window (20000–32767).
    const taken = await listen(26_384);
    try {
      vi.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValueOnce(0.25);
      expect(await freePort()).toBe(23_192);
    } finally {
      await close(taken);
    }
  });
});
