import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './run-cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper of the start scripts
export const { serviceNodeFlags } = require('../../scripts/node-flags.js') as {
  serviceNodeFlags(): string[];
};

export interface RunningService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `npm start` (scripts/start.js, with npm start's V8 flags) as a real child process. */
export function startService(
  env: Record<string, string | undefined>,
  script = 'scripts/start.js',
): RunningService {
  let out = '';
  const child = spawn(process.execPath, [...serviceNodeFlags(), path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    baseUrl: `http://127.0.0.1:${env.PORT ?? '3000'}`,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls until `fn` returns true or the deadline passes; returns the elapsed milliseconds. */
export async function waitFor(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await fn()) return Date.now() - start;
    } catch {
      // not yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function readyStatus(baseUrl: string): Promise<number> {
  const r = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(4000) });
  return r.status;
}
