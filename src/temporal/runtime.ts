import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger.js';
import { temporalLogger } from '../logger.js';

/**
 * Installs the SDK runtime once per process, before any connection: its logs (worker,
 * workflow and activity loggers add workflowId and runId) go through our JSON logger, and
 * its metrics are served in Prometheus format when a port is given.
 */
export function installRuntime(
  logger: Logger,
  {
    metricsPort,
    shutdownSignals,
  }: { metricsPort?: number; shutdownSignals?: NodeJS.Signals[] } = {},
): void {
  Runtime.install({
    logger: temporalLogger(logger),
    ...(shutdownSignals ? { shutdownSignals } : {}),
    telemetryOptions: {
      // The Rust core writes its own coloured lines to stderr unless told to forward them:
      // forwarded, its warnings (a server that stopped answering) are JSON lines like ours.
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
      ...(metricsPort
        ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort}` } } }
        : {}),
    },
  });
}
