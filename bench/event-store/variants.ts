import {
  addMeasurement,
  emptyMeasurement,
  fmt,
  type Measurement,
  type Op,
  round,
  runFor,
  runOnce,
  type Summary,
  summarize,
  table,
} from './harness';

/** `ours` is what is measured, `raw` the baseline it is compared with, `diagnostic` helps explain the gap. */
export type Role = 'ours' | 'raw' | 'diagnostic';

export interface Variant {
  readonly key: string;
  readonly label: string;
  readonly role: Role;
  readonly op: Op;
  /**
   * Runs after each round of this variant and counts in its time (e.g. waiting until the work a round
   * left behind, such as projections, is done), so the throughput is one the variant can sustain.
   */
  readonly settle?: () => Promise<void>;
}

export interface VariantResult extends Summary {
  key: string;
  label: string;
  role: Role;
  /** events/s of this variant / events/s of the raw baseline (the fastest, when there are several). */
  ratioToRaw: number;
}

export interface BenchResult {
  key: string;
  title: string;
  clients: number;
  method: string;
  variants: VariantResult[];
}

export interface RoundSettings {
  /** Measured seconds per variant, split into `rounds` alternating rounds. */
  readonly seconds: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function results(
  key: string,
  title: string,
  clients: number,
  method: string,
  variants: readonly Variant[],
  measured: readonly Measurement[],
): BenchResult {
  const summaries = measured.map(summarize);
  // Several raw variants (the HTTP bench's bare server as one process and as two): the fastest is the baseline,
  // so a ratio never flatters what is measured.
  const raw = summaries
    .filter((_, i) => variants[i]!.role === 'raw')
    .reduce((best, x) => (x.eventsPerSec > best.eventsPerSec ? x : best));
  return {
    key,
    title,
    clients,
    method,
    variants: variants.map((v, i) => ({
      key: v.key,
      label: v.label,
      role: v.role,
      ...summaries[i]!,
      ratioToRaw: round(summaries[i]!.eventsPerSec / raw.eventsPerSec, 3),
    })),
  };
}

async function runRound(clients: number, seconds: number, v: Variant): Promise<Measurement> {
  const m = await runFor(clients, seconds, v.op);
  if (v.settle) {
    const t0 = process.hrtime.bigint();
    await v.settle();
    m.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return m;
}

/**
 * A warm-up of every variant, then `rounds` rounds in which each variant runs `seconds / rounds`: the
 * variants alternate, so drift (checkpoints, autovacuum, table growth, other load on the machine) hits
 * all of them alike.
 */
export async function timedBench(
  key: string,
  title: string,
  clients: number,
  variants: readonly Variant[],
  s: RoundSettings,
  unit = 'events',
): Promise<BenchResult> {
  log(`\n# ${title}`);
  for (const v of variants) await runRound(clients, s.warmupSeconds, v);
  const measured = variants.map(() => emptyMeasurement());
  for (let r = 0; r < s.rounds; r++) {
    for (const [i, v] of variants.entries())
      addMeasurement(measured[i]!, await runRound(clients, s.seconds / s.rounds, v));
  }
  const method = `${clients} client(s), ${s.warmupSeconds} s warm-up per variant, then ${s.rounds} alternating rounds of ${round(s.seconds / s.rounds, 2)} s per variant`;
  const res = results(key, title, clients, method, variants, measured);
  printBench(res, unit);
  return res;
}

/** One warm-up pass of every variant, then `passes` alternating full passes (latency = one pass). */
export async function passBench(
  key: string,
  title: string,
  variants: readonly Variant[],
  passes: number,
  method: string,
): Promise<BenchResult> {
  log(`\n# ${title}`);
  for (const v of variants) await runOnce(v.op);
  const measured = variants.map(() => emptyMeasurement());
  for (let r = 0; r < passes; r++) {
    for (const [i, v] of variants.entries()) addMeasurement(measured[i]!, await runOnce(v.op));
  }
  const res = results(key, title, 1, method, variants, measured);
  printBench(res);
  return res;
}

function printBench(b: BenchResult, unit = 'events'): void {
  const perOp = unit === 'events';
  log(
    table(
      ['variant', 'role', ...(perOp ? ['ops/s'] : []), `${unit}/s`, 'p50 ms', 'p99 ms', 'vs raw'],
      b.variants.map((v) => [
        v.label,
        v.role,
        ...(perOp ? [fmt(v.opsPerSec, 1)] : []),
        fmt(v.eventsPerSec),
        fmt(v.p50Ms, 2),
        fmt(v.p99Ms, 2),
        `${fmt(v.ratioToRaw * 100, 1)}%`,
      ]),
    ),
  );
}

/** A floor: a required ratio (< 1) or rate, the measured value, and whether it holds. */
export interface Floor {
  name: string;
  required: number;
  actual: number;
  pass: boolean;
}

export function printFloors(floors: readonly Floor[], unit = 'events/s'): void {
  log('\n# Floors');
  for (const f of floors) {
    const shown = f.required < 1 ? `${fmt(f.actual * 100, 1)}%` : `${fmt(f.actual)} ${unit}`;
    log(`${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${shown}`);
  }
}
