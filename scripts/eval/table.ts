import type { CaseResult } from './run-cases.js';
import type { Summary, Tally } from './summary.js';

/** The summary as a plain-text table, the form the README shows. */
export function renderTable(summary: Summary): string {
  const header = ['category', 'cases', 'correct', 'wrong', 'failed', 'accuracy'];
  const row = (name: string, t: Tally) => [
    name,
    String(t.cases),
    String(t.correct),
    String(t.wrong),
    String(t.failed),
    percent(t.accuracy),
  ];
  const rows = [
    header,
    ...summary.categories.map((c) => row(c.category, c)),
    row('overall', summary.overall),
  ];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const { reasks, failures, latencyMs } = summary;
  return [
    `model ${summary.model}`,
    '',
    line(header),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows.at(-1)!),
    '',
    `re-asks   ${reasks.total} in ${reasks.cases} case(s); ${reasks.answeredAfterReask} answered after a re-ask, ${reasks.correctAfterReask} of them correct`,
    `failures  ${failures.length === 0 ? 'none' : failures.map((f) => `${f.type} ${f.count}`).join(', ')}`,
    `latency   p50 ${seconds(latencyMs.p50)}, p95 ${seconds(latencyMs.p95)}, max ${seconds(latencyMs.max)} per case`,
    `tokens    ${summary.totalTokens.toLocaleString('en')} in answered casts`,
  ].join('\n');
}

/** One line per case that was not correct: what was expected and what came back. */
export function renderMisses(results: CaseResult[], expectedOf: (id: string) => unknown): string {
  return results
    .filter((r) => r.status !== 'correct')
    .map((r) => {
      const head = `${r.status.padEnd(6)}  ${r.id}  expected ${short(expectedOf(r.id))}`;
      if (r.status !== 'failed') return `${head}  got ${short(r.answer)}`;
      const raw = r.rawOutput !== undefined ? `  last answer ${truncate(r.rawOutput)}` : '';
      return `${head}  ${r.failureType}${raw}`;
    })
    .join('\n');
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function short(value: unknown): string {
  return value === undefined ? 'nothing' : truncate(JSON.stringify(value));
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
