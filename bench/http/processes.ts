import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { stopOnInterrupt } from '../event-store/interrupt';
import { processCpuSeconds } from '../event-store/process-cpu';
import { mergeQueryCounts, type QueryCounts } from './query-counter';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper of the start scripts
const { serviceNodeFlags: startFlags } = require('../../scripts/node-flags.js') as {
  serviceNodeFlags(): string[];
};

export interface Child {
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The V8 flags `npm start` runs the service with (scripts/node-flags.js: package.json's `start`; the image's
 * NODE_OPTIONS says the same), so the bench runs the service as it is run; `BENCH_NODE_FLAGS` instead
 * when set (an experiment: `''` for V8's defaults). The bare servers run with Node's defaults either way.
 */
export function serviceNodeFlags(): string[] {
  const override = process.env.BENCH_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  return startFlags();
}

/**
 * Runs a TypeScript file of this repository through the bench runner (swc, `@app/<lib>` aliases); `nodeFlags`
 * before the runner (e.g. `serviceNodeFlags()`).
 */
export function startChild(
  file: string,
  env: Record<string, string>,
  ipc = false,
  nodeFlags: readonly string[] = [],
): Child {
  let out = '';
  // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF;
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : []),
      path.join(ROOT, 'bench/event-store/run.js'),
      path.join(ROOT, file),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Stopped (SIGTERM: the service's own shutdown) if the bench is interrupted; forgotten once it has exited.
  const forget = stopOnInterrupt(stop);
  void exited.then(forget);
  return { process: child, output: () => out, stop };
}

/** The statements the service child counted since the last call (see service.ts). */
export function takeQueryCounts(child: Child): Promise<QueryCounts> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      clearTimeout(timer);
      resolve(m as QueryCounts);
    };
    const timer = setTimeout(() => {
      child.process.off('message', onMessage);
      reject(new Error('the service did not answer `take` within 10 s'));
    }, 10_000);
    child.process.once('message', onMessage);
    child.process.send('take');
  });
}

/** The statements several service children (the API processes) counted since the last call, as one. */
export async function takeAllQueryCounts(children: readonly Child[]): Promise<QueryCounts> {
  return mergeQueryCounts(await Promise.all(children.map(takeQueryCounts)));
}

/** CPU seconds several children (the API processes, the bare servers) have used so far, in all. */
export function childrenCpuSeconds(children: readonly Child[]): number {
  return children.reduce((sum, c) => sum + processCpuSeconds(c.process.pid!), 0);
}

/** Polls until `done` holds; fails with `what` (and the child's last output) after `timeoutMs`. */
export async function waitUntil(
  done: () => Promise<boolean>,
  what: string,
  timeoutMs = 180_000,
  child?: Child,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await done()) return;
    } catch {
      // not yet
    }
    if (child && child.process.exitCode !== null)
      throw new Error(`${what}: the process exited\n${child.output().slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${child?.output().slice(-3000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
