import type { Logger } from '../logger.js';
import { describeExit, type ServiceExit } from '../local/service-process.js';

const failedStopTimeoutMs = 5_000;

export interface StopSteps {
  /** Registers something just started; steps stop newest first. */
  add(name: string, stop: () => Promise<void>): void;
  /** A service that must not die on its own: if it does, say so and stop everything. */
  watch(service: { name: string; died: Promise<ServiceExit> }, advice: string): void;
  /** Something that has failed for good: say so and stop everything. */
  fail(message: string, details?: Record<string, unknown>): void;
  /** Stops what has started so far, for a start-up that failed half-way. */
  stopStarted(): Promise<void>;
}

/**
 * How `npm start` stops: once, on SIGINT, SIGTERM or SIGHUP (a terminal sends Ctrl-C to every
 * process of its group and npm forwards it again: repeats are ignored) or when a part dies. It
 * stops the parts in the reverse order they started — the web stops taking requests, the
 * worker drains and reports what its activities finished, the services it reported to stop
 * last — and exits.
 */
export function stopInOrder(logger: Logger): StopSteps {
  const steps: { name: string; stop: () => Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;

  const stopStarted = () => {
    stopping ??= (async () => {
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.stop();
        } catch (err) {
          logger.error({ err }, `could not stop ${step.name} cleanly`);
        }
      }
    })();
    return stopping;
  };
  const stopAndExit = (exitCode: number) =>
    void stopStarted().then(() => {
      logger.info('stopped');
      process.exit(exitCode);
    });
  const fail = (message: string, details: Record<string, unknown> = {}) => {
    if (stopping) return;
    logger.fatal(details, message);
    stopAndExit(1);
    // With a part gone, a worker's drain may have nowhere to report: do not wait its grace time.
    setTimeout(() => process.exit(1), failedStopTimeoutMs).unref();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    logger.info({ signal }, 'stopping');
    stopAndExit(0);
  };
  // SIGHUP: the terminal closed. Any of these would otherwise end the process at once,
  // leaving the services in their own process groups running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  return {
    add: (name, stop) => void steps.push({ name, stop }),
    watch: (service, advice) =>
      void service.died.then((exit) =>
        fail(`${service.name} ${describeExit(exit)} — typecast stops; ${advice}`, {
          stderr: exit.stderr.trim().slice(-1000) || undefined,
        }),
      ),
    fail,
    stopStarted,
  };
}
