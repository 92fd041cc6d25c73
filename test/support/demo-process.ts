import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import { ROOT } from './run-cli';
import { waitFor } from './service-process';

/** `npm run demo` (scripts/demo.js) as a real child process on a data directory of the test's. */
export interface DemoProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Its stdout and stderr so far. */
  output(): string;
  /** Milliseconds from the start until it said it is ready (演示已就绪) or exited; rejects after 3 minutes. */
  readonly ready: Promise<number>;
  /** SIGTERM, then its exit (at most 20 s). */
  stop(): Promise<void>;
}

/**
 * Starts `npm run demo` on `dir` without waiting for it: it plays the simulated history in a process of its own,
 * so a test may do other work meanwhile and await `ready` later (a rejection is kept for that await).
 */
export async function startDemo(dir: string): Promise<DemoProcess> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    DEMO_DATA_DIR: dir,
    DEMO_PORT: String(port),
    // The test's 销号 refers to evidence by a made-up fingerprint (test/evidence.e2e-spec.ts uploads files).
    EVIDENCE_REQUIRE_UPLOAD: 'false',
  };
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  let out = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ready = waitFor(
    async () => out.includes('演示已就绪') || out.includes('退出码') || child.exitCode !== null,
    180_000,
    'demo ready',
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${out}`)));
  ready.catch(() => undefined); // (awaited by the test)
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    ready,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
    },
  };
}
