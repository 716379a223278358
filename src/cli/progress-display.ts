import { Presets, SingleBar } from 'cli-progress';
import type { BatchView } from '../client/batch-view.js';
import { formatDuration } from '../web/views/run-card.js';
import type { CliIo } from './cli-io.js';

/** How a batch's progress is shown while the command follows it. */
export interface ProgressDisplay {
  update(view: BatchView): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString('en');

function eta(view: BatchView): string {
  const seconds = view.progress.etaSeconds;
  return seconds === undefined ? '…' : formatDuration(seconds * 1000);
}

/** One line of figures, as the page's card shows them. */
export function progressLine(view: BatchView): string {
  const p = view.progress;
  return (
    `${count(p.done)}/${count(p.total)} rows done: ${count(p.succeeded)} succeeded ` +
    `(${count(p.cached)} from the cache), ${count(p.failed)} failed; ` +
    `${p.rowsPerSecond.toLocaleString('en')} rows/s` +
    (view.done ? '' : `, ETA ${eta(view)}`)
  );
}

/** Plain lines, not more than one every `everyMs` (and the last): for logs and pipes. */
function lineDisplay(io: CliIo, everyMs: number): ProgressDisplay {
  let shown = '';
  let at = 0;
  return {
    update(view) {
      const line = progressLine(view);
      if (line === shown || (!view.done && Date.now() - at < everyMs)) return;
      io.stderr.write(`${line}\n`);
      shown = line;
      at = Date.now();
    },
    stop: () => undefined,
  };
}

/** A bar redrawn in place on a terminal (cli-progress). */
function barDisplay(io: CliIo): ProgressDisplay {
  const bar = new SingleBar(
    {
      format:
        '{bar} {percentage}% | {value}/{total} rows | {failed} failed | {rate} rows/s | ETA {etaText}',
      stream: io.stderr,
      hideCursor: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(view) {
      const p = view.progress;
      const payload = {
        failed: count(p.failed),
        rate: p.rowsPerSecond.toLocaleString('en'),
        etaText: view.done ? 'done' : eta(view),
      };
      if (!started) bar.start(p.total, p.done, payload);
      else bar.update(p.done, payload);
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A bar on a terminal, plain lines otherwise (a log, a pipe, CI). */
export function progressDisplay(io: CliIo, { lineEveryMs = 2_000 } = {}): ProgressDisplay {
  return io.stderr.isTTY ? barDisplay(io) : lineDisplay(io, lineEveryMs);
}
