import type { Spread } from '../measure/percentiles.js';
import type { ScenarioResult } from '../scenario.js';
import { totalCalls, type BenchReport, type TargetReport } from './summary.js';

/** The most frequent calls a scenario line names; --json has them all. */
const shownOperations = 6;

const ms = (x?: number) =>
  x === undefined ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
const pad = (text: string, width: number) => text.padEnd(width);
const lpad = (text: string, width: number) => text.padStart(width);

function spreadLine(spread?: Spread): string {
  if (!spread) return '';
  return ['p50', 'p95', 'p99', 'max']
    .map((key) => `${key} ${lpad(ms(spread[key as keyof Spread]), 7)}`)
    .join('  ');
}

function scenarioLines(s: ScenarioResult): string[] {
  if (s.unsupported) return [`  ${s.title}: NOT SUPPORTED — ${s.unsupported}`];
  const rate = s.perSecond === undefined ? '—' : `${s.perSecond.toFixed(1)} ${s.unit}/s`;
  const lines = [
    `  ${s.title}`,
    `      ${lpad(`${s.completed}/${s.requested}`, 11)} ${s.unit}  ${lpad(rate, 14)}  ${spreadLine(s.latencyMs)}`,
  ];
  if (s.afterModelMs)
    lines.push(`      value seen after the model answered   ${spreadLine(s.afterModelMs)}`);
  if (s.reads) {
    const count = s.reads.latencyMs?.count ?? 0;
    lines.push(
      `      state reads ${lpad(String(count), 7)} (${s.reads.errors} failed)   ${spreadLine(s.reads.latencyMs)}`,
    );
  }
  if (s.modelCalls !== undefined) lines.push(`      model calls ${s.modelCalls}`);
  if (s.failures.count > 0) {
    const kinds = Object.entries(s.failures.byKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(
      `      FAILED ${s.failures.count}: ${kinds}`,
      ...s.failures.examples.map((e) => `        ${e}`),
    );
  }
  for (const note of s.notes ?? []) lines.push(`      note: ${note}`);
  const unit = s.unit.replace(/s$/, '');
  for (const p of s.processes) {
    const perUnit =
      p.cpuMsPerUnit === undefined ? '' : ` (${p.cpuMsPerUnit.toFixed(1)} ms/${unit})`;
    lines.push(
      `      ${pad(p.role, 22)} CPU ${lpad(String(p.cpuMs), 8)} ms${pad(perUnit, 18)} RSS ${lpad(p.rssMb.toFixed(0), 5)} MB (max ${p.maxRssMb.toFixed(0)}${p.settledRssMb === undefined ? '' : `, ${p.settledRssMb.toFixed(0)} settled`})`,
    );
  }
  if (s.serverCalls) {
    const calls = Object.entries(s.serverCalls);
    const shown = calls.slice(0, shownOperations).map(([op, n]) => `${op} ${n.toFixed(2)}`);
    lines.push(
      `      dev server calls per ${unit}: ${totalCalls(s.serverCalls).toFixed(2)} — ${shown.join(', ')}` +
        (calls.length > shownOperations ? ', …' : ''),
    );
  }
  return lines;
}

function targetLines(t: TargetReport): string[] {
  const pragmas =
    t.devServer.sqlitePragmas.length > 0
      ? t.devServer.sqlitePragmas.join(' ')
      : 'none (CLI defaults)';
  const lines = [
    '',
    `${t.label}${t.install ? ` — node_modules: ${t.install}` : ''}`,
    `  dev server SQLite: journal ${t.devServer.journal}; pragmas ${pragmas}`,
    ...(t.nodeFlags.length > 0 ? [`  node flags of npm start: ${t.nodeFlags.join(' ')}`] : []),
    ...(Object.keys(t.scriptEnv).length > 0
      ? [
          `  environment its script sets: ${Object.entries(t.scriptEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        ]
      : []),
    `  load average ${load(t.loadAverage.before)} before, ${load(t.loadAverage.after)} after`,
  ];
  for (const s of Object.values(t.scenarios)) lines.push(...scenarioLines(s));
  if (t.overhead) {
    const o = t.overhead;
    const x = (v?: number) => (v === undefined ? '—' : `${v.toFixed(2)}×`);
    lines.push(
      `  overhead over the floor (same load): ${x(o.throughputOfFloor)} its throughput; latency ` +
        `p50 ${x(o.latencyOverFloor.p50)}, p95 ${x(o.latencyOverFloor.p95)}, p99 ${x(o.latencyOverFloor.p99)}`,
    );
  }
  return lines;
}

export function textReport(report: BenchReport): string {
  const o = report.options;
  const lines = [
    `typecast bench: ${o.clients} client(s), ${o.casts} casts, model ${o.latencyMs} ms, mode ${o.mode}` +
      ` (poll ${o.pollMs} ms), ${o.workers} extra worker(s)${o.slots ? `, ${o.slots} slots` : ''}`,
    `  ${report.command}`,
    `machine: ${report.machine.cpus} cores; load average ${load(report.machine.loadAverage.before)} at the start, ` +
      `${load(report.machine.loadAverage.after)} at the end`,
    ...report.targets.flatMap(targetLines),
  ];
  if (report.comparison) {
    const c = report.comparison;
    lines.push('', `${c.candidate} ÷ ${c.baseline}`);
    const width = Math.max(...c.ratios.map((r) => r.metric.length), 10);
    for (const r of c.ratios)
      lines.push(
        `  ${pad(r.metric, width)} ${lpad(String(r.candidate), 10)} ${lpad(String(r.baseline), 10)}  ${lpad(Number.isNaN(r.ratio) ? '—' : r.ratio.toFixed(2), 6)}`,
      );
  }
  if (report.stopped) lines.push('', `STOPPED EARLY: ${report.stopped}`);
  return lines.join('\n');
}
