import type { Fault, FaultResult } from './fault';

export interface FaultRun {
  readonly fault: Fault;
  /** 0: not run. */
  readonly ms: number;
  readonly result?: FaultResult;
  readonly error?: string;
}

const pad = (s: string | number, n: number, right = false): string =>
  right ? String(s).padStart(n) : String(s).padEnd(n);

/** The table the suite prints: one row per fault, then the problems of the faults that failed. */
export function formatTable(runs: readonly FaultRun[]): string {
  const head = `${pad('fault', 6)}${pad('what', 36)}${pad('lost', 6, true)}${pad('dup', 6, true)}${pad('unexp', 7, true)}${pad('5xx', 6, true)}${pad('recovery s', 12, true)}${pad('time s', 8, true)}  notes`;
  const lines = ['', 'Fault suite: lost / dup / unexpected must be 0', head, '-'.repeat(head.length + 20)];
  for (const r of runs) {
    const x = r.result;
    const time = (r.ms / 1000).toFixed(1);
    if (!x) {
      const what = r.ms === 0 ? (r.error ?? '') : `ERROR after ${time} s: ${r.error ?? ''}`;
      lines.push(`${pad(r.fault.id, 6)}${pad(r.fault.title, 36)}  ${what}`.slice(0, 400));
      continue;
    }
    lines.push(
      `${pad(r.fault.id, 6)}${pad(r.fault.title, 36)}${pad(x.lost, 6, true)}${pad(x.dup, 6, true)}${pad(x.unexpected, 7, true)}${pad(x.fiveXx, 6, true)}${pad(x.recoverySeconds?.toFixed(1) ?? '—', 12, true)}${pad(time, 8, true)}  ${x.notes.join('; ')}`,
    );
  }
  const total = runs.reduce((s, r) => s + r.ms, 0) / 1000;
  lines.push(`total ${total.toFixed(1)} s`);
  for (const r of runs) {
    for (const p of r.result?.problems ?? []) lines.push(`  ${r.fault.id} ${p}`);
  }
  return `${lines.join('\n')}\n\n`;
}
