import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where free ports are looked for: below every common OS's ephemeral range (Linux 32768–60999,
 * macOS and Windows 49152–65535), the ports the OS hands out for outgoing connections. A port
 * the OS picked for us (port 0) is from that range, and any process's next connection can take
 * it before our server binds it: on a busy machine, dev servers failed to start that way.
 */
const window = { low: 20_000, high: 32_767 };

/** Random tries in the window before settling for a port the OS picks. */
const tries = 20;

/**
 * A free TCP port on loopback, for a server that binds it moments later: a random one in the
 * window above that is free now and outside this machine's ephemeral range, or else one the OS
 * picks.
 */
export async function freePort(): Promise<number> {
  const ephemeral = ephemeralRange();
  for (let i = 0; i < tries; i++) {
    const port = window.low + Math.floor(Math.random() * (window.high - window.low + 1));
    if (ephemeral && port >= ephemeral.low && port <= ephemeral.high) continue;
    if ((await listenOnce(port).catch(() => undefined)) !== undefined) return port;
  }
  return listenOnce(0);
}

/** Linux's ephemeral range, as it is set on this machine. */
export function ephemeralRange(): { low: number; high: number } | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low && high ? { low, high } : undefined;
  } catch {
    return undefined;
  }
}

/** Binds `port` on loopback (0: any) and lets it go; resolves with the port bound. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe server'));
      });
    });
  });
}
