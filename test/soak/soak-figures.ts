import { appendFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';

/**
 * `npm run soak` sets SOAK_LEVEL=long and runs these files at full size; inside `npm test`
 * they run short. Everything is bounded: counts here, deadlines in each test.
 */
export const soakLong = process.env.SOAK_LEVEL === 'long';
export const sized = (short: number, long: number) => (soakLong ? long : short);

/** One scenario's outcome: faults injected, how many left every invariant intact, work lost. */
export interface SoakFigure {
  name: string;
  faults: number;
  survived: number;
  lost: number;
  /** The figure itself, as a person reads it. */
  detail: string;
}

/** Prints the figure, and hands it to `npm run soak` (SOAK_FIGURES_FILE) for the summary. */
export function recordFigure(figure: SoakFigure): void {
  console.log(
    `soak ${figure.name}: ${figure.detail} — ${figure.faults} faults, ${figure.survived} survived, ${figure.lost} lost`,
  );
  const file = process.env.SOAK_FIGURES_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

export function readFigures(file: string): SoakFigure[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SoakFigure);
}

/** The suite's last line. */
export function summaryLine(figures: SoakFigure[]): string {
  const sum = (key: 'faults' | 'survived' | 'lost') =>
    figures.reduce((total, figure) => total + figure[key], 0);
  return `soak: ${sum('faults')} faults, ${sum('survived')} survived, ${sum('lost')} lost`;
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function residentMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round(kb / 102.4) / 10;
}
