import { createServer } from 'node:net';
import { ConfigError } from '../config.js';

/** A port `npm start` will listen on, and the settings that move it elsewhere. */
export interface WantedPort {
  port: number;
  host: string;
  settings: string;
}

/**
 * Refuses to start when something already listens on a port we need. A Temporal dev server
 * that cannot bind dies quietly while its health check reaches whoever holds the port, so
 * the check comes before anything starts, not after.
 */
export async function refuseBusyPorts(wanted: WantedPort[]): Promise<void> {
  for (const { port, host, settings } of wanted) {
    // Port 0 asks the OS for any free port: nothing to check.
    if (port !== 0 && (await portInUse(port, host)))
      throw new ConfigError(`port ${port} is in use — stop the other server or set ${settings}`);
  }
}

function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(true) : reject(err),
    );
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}
