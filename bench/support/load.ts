/** Load from this process against a server in another, with autocannon. */
import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  /** Completed requests per second with a 2xx answer. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  durationS: number;
}

export async function load(options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request: its body and headers, with a per-connection context. */
  setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        setupRequest: options.setupRequest as Request['setupRequest'],
        onResponse: options.onResponse as Request['onResponse'],
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: ok / options.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    durationS: options.duration,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times `requests` GETs one after another, after `warmUp` untimed ones; milliseconds each. */
export async function timeSequentialGets(url: string, headers: Record<string, string>, requests: number, warmUp = 20): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < requests + warmUp; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${url}`);
    if (i >= warmUp) times.push(performance.now() - started);
  }
  return times;
}
