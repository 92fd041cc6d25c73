import * as fs from 'node:fs';
import * as os from 'node:os';

/** One operation of one client; returns how many events it wrote or read. */
export type Op = (client: number) => Promise<number>;

export interface Measurement {
  ops: number;
  events: number;
  seconds: number;
  latenciesMs: number[];
}

export function emptyMeasurement(): Measurement {
  return { ops: 0, events: 0, seconds: 0, latenciesMs: [] };
}

export function addMeasurement(into: Measurement, m: Measurement): void {
  into.ops += m.ops;
  into.events += m.events;
  into.seconds += m.seconds;
  for (const l of m.latenciesMs) into.latenciesMs.push(l);
}

/** `clients` concurrent loops calling `op` until `seconds` have passed (the last calls finish). */
export async function runFor(clients: number, seconds: number, op: Op): Promise<Measurement> {
  const m = emptyMeasurement();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (process.hrtime.bigint() < deadline) {
        const t0 = process.hrtime.bigint();
        const n = await op(c); // not `m.events += await op(c)`: that reads m.events before the await
        m.events += n;
        m.latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        m.ops++;
      }
    }),
  );
  m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return m;
}

/** Calls `op` once (one whole pass, e.g. a catch-up read of everything) and times it. */
export async function runOnce(op: Op): Promise<Measurement> {
  const t0 = process.hrtime.bigint();
  const events = await op(0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ops: 1, events, seconds: ms / 1000, latenciesMs: [ms] };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  ops: number;
  events: number;
  seconds: number;
  opsPerSec: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export function summarize(m: Measurement): Summary {
  return {
    ops: m.ops,
    events: m.events,
    seconds: round(m.seconds, 3),
    opsPerSec: round(m.ops / m.seconds, 1),
    eventsPerSec: round(m.events / m.seconds, 1),
    p50Ms: round(percentile(m.latenciesMs, 50), 3),
    p99Ms: round(percentile(m.latenciesMs, 99), 3),
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpuModel = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpuModel,
    cores: os.cpus().length,
    ramGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** A plain-text table: the first `textColumns` columns left-aligned, the rest (numbers) right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 2,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmt(x: number, digits = 0): string {
  return Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';
}
