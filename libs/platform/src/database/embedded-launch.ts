import { setTimeout as pause } from 'node:timers/promises';
import type { EmbeddedPostgresInstance } from './embedded-package';
import { removeForeignLock } from './postmaster-process';
import { prepareSocketDir, socketPath } from './unix-socket';

/** Lines our own notices start with (a service prints them next to PostgreSQL's FATAL/PANIC/ERROR lines). */
export const EMBEDDED_NOTICE = 'embedded PostgreSQL:';

/** A start that failed because the server processes of a killed server are still exiting: worth a retry. */
const STILL_EXITING = /pre-existing shared memory block .* is still in use/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server to launch, and where to say what happens. */
export interface LaunchTarget {
  readonly instance: EmbeddedPostgresInstance;
  readonly dataDir: string;
  readonly port: number;
  readonly socketDir: string | undefined;
  /** The server's latest lines (emptied before each attempt): quoted when it does not start. */
  readonly recent: string[];
  readonly log: (line: string) => void;
}

/**
 * Spawns the server and waits until it accepts connections. A lock file left by a crash whose pid now
 * belongs to another program is removed first (PostgreSQL replaces one whose pid is dead by itself); while
 * the processes of a killed server are still exiting (their shared memory in use), retries for `retryMs`.
 */
export async function launchInstance(target: LaunchTarget, retryMs: number): Promise<void> {
  const { instance, dataDir, port, socketDir, recent, log } = target;
  const deadline = Date.now() + retryMs;
  for (;;) {
    const socketLock = socketDir && `${socketPath(socketDir, port)}.lock`;
    removeForeignLock(dataDir, (line) => log(`${EMBEDDED_NOTICE} ${line}`), socketLock);
    if (socketDir !== undefined) prepareSocketDir(socketDir, dataDir);
    recent.length = 0;
    try {
      await instance.start();
      return;
    } catch (e) {
      const said = recent.filter((l) => /FATAL|PANIC|ERROR|HINT/.test(l)).slice(-5);
      if (said.some((l) => STILL_EXITING.test(l)) && Date.now() < deadline) {
        await sleep(500);
        continue;
      }
      const lockHint = said.some((l) => /lock file .* already exists/i.test(l))
        ? ` Another PostgreSQL server is using ${dataDir}: stop it, or point DATA_DIR elsewhere.`
        : '';
      // Why, in the server's words: its errors, or (some say no FATAL, e.g. a missing global/pg_control) its last lines.
      const why = said.length > 0 ? said : recent.filter((l) => l.trim() !== '').slice(-6);
      throw new Error(
        `Embedded PostgreSQL did not start${e instanceof Error ? ` (${e.message})` : ''} on ${dataDir}.${lockHint}\n${why.join('\n')}`,
        { cause: e },
      );
    }
  }
}

/**
 * The server died under us: `launch` it again, with backoff (0.5 s … 5 s), until it is up or `stop` fires (which
 * also ends a backoff under way).
 * Each new reason for failing is said once (timestamps and pids aside).
 */
export async function relaunchUntilUp(
  port: number,
  launch: () => Promise<void>,
  stop: AbortSignal,
  log: (line: string) => void,
): Promise<void> {
  let backoff = 500;
  let lastError = '';
  while (!stop.aborted) {
    try {
      await launch();
      if (stop.aborted) return;
      log(`${EMBEDDED_NOTICE} restarted on port ${port}`);
      return;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const gist = msg.replace(/[\d:.-]+/g, ''); // the same failure again (new timestamps, pids): say it once
      if (gist !== lastError) log(`${EMBEDDED_NOTICE} restart failed, retrying: ${msg}`);
      lastError = gist;
      await pause(backoff, undefined, { signal: stop }).catch(() => undefined);
      backoff = Math.min(backoff * 2, 5000);
    }
  }
}
