/** Requests the dev server's frontend has answered so far, by operation (gRPC method). */
export type ServerCalls = Map<string, number>;

/**
 * The frontend's `service_requests` counters from the dev server's Prometheus endpoint: every
 * call a client or worker made, the web's describes and long polls as much as the workers'
 * polls and completions. Undefined when the endpoint does not answer.
 */
export async function readServerCalls(metricsUrl: string): Promise<ServerCalls | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? frontendCalls(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}

// One counter of Prometheus's text format, which the server writes one sample a line, e.g.
// service_requests{namespace="default",operation="Start…",service_name="frontend"} 12
const sampleLine = /^service_requests\{([^}]*)\}\s+(\S+)/;
const label = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The calls of a metrics page, summed over namespaces by operation. */
export function frontendCalls(metricsText: string): ServerCalls {
  const calls: ServerCalls = new Map();
  for (const line of metricsText.split('\n')) {
    const sample = sampleLine.exec(line);
    if (!sample) continue;
    const labels = new Map([...sample[1]!.matchAll(label)].map((m) => [m[1]!, m[2]!]));
    const operation = labels.get('operation');
    const value = Number(sample[2]);
    if (labels.get('service_name') !== 'frontend' || !operation || !Number.isFinite(value))
      continue;
    calls.set(operation, (calls.get(operation) ?? 0) + value);
  }
  return calls;
}

/**
 * The calls made between two readings, per completed unit (cast, run, read), most frequent
 * first, to two decimals; operations made less than once per 100 units are left out.
 */
export function callsPerUnit(
  before: ServerCalls,
  after: ServerCalls,
  completed: number,
): Record<string, number> {
  if (completed <= 0) return {};
  const rows = [...after]
    .map(([operation, n]) => [operation, (n - (before.get(operation) ?? 0)) / completed] as const)
    .filter(([, perUnit]) => perUnit >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(rows.map(([operation, perUnit]) => [operation, round2(perUnit)]));
}

const round2 = (x: number) => Math.round(x * 100) / 100;
