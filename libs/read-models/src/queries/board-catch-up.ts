import { performance } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import type { ConsumerRunner, ConsumerStatus } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import { MILESTONE_BOARD_CONSUMER } from '../milestone-board/milestone-board.projection';

/** How often the projection's checkpoint is read while waiting for it. */
const POLL_MS = 250;

/**
 * How long the board's projection may stand still, behind, before a starting query process stops waiting for it
 * and loads what it has. This process runs the projections (PROCESS_ROLE=all: its consumers start right after the
 * bootstrap): a minute, for a batch held up or another instance holding the consumer's lock. An API-only process
 * (PROCESS_ROLE=api): its workers run elsewhere and may not run yet (docker-compose starts them once the API is
 * ready): a few seconds, so that it is never held unready by workers that are stopped; while they move the
 * checkpoint (a backlog worked through), it waits.
 */
export function stallBoundMs(role: AppConfig['role']): number {
  return role === 'all' ? 60_000 : 5_000;
}

/** How a wait for the projection ended: at the head as of its start, standing still, failing, or stopped. */
export type CatchUpOutcome = 'caught_up' | 'stalled' | 'failing' | 'stopped';

export interface CatchUp {
  readonly outcome: CatchUpOutcome;
  /** The projection's checkpoint, and the head it waited for (as read at the start). */
  readonly position: number;
  readonly head: number;
}

export interface CatchUpOptions {
  readonly stallMs: number;
  readonly stop: AbortSignal;
  /** Told once, when the projection is behind at the start. */
  readonly behind?: (status: ConsumerStatus) => void;
}

/**
 * Waits until the board's projection has reached the event store's head as of the call (the checkpoint, head and
 * failure that `ConsumerRunner.status` reads, as the freshness does), so that a board loaded then holds every event
 * recorded before the start. It stops waiting when the projection stands still for `stallMs`, when a failure is
 * recorded on it meanwhile (stuck on an event: waiting would not help; a failure recorded before, perhaps fixed by
 * the deployment that restarts this process, is given the time of the standing-still bound), or when `stop` fires.
 */
export async function boardCatchUp(runner: ConsumerRunner, opts: CatchUpOptions): Promise<CatchUp> {
  const read = async (): Promise<ConsumerStatus | undefined> =>
    (await runner.status()).find((s) => s.name === MILESTONE_BOARD_CONSUMER);
  const first = await read();
  if (first === undefined) return { outcome: 'caught_up', position: 0, head: 0 };
  const head = first.head;
  if (first.position < head) opts.behind?.(first);
  let position = first.position;
  let movedAt = performance.now();
  let s: ConsumerStatus | undefined = first;
  while (s !== undefined && s.position < head) {
    if (s.position > position) {
      position = s.position;
      movedAt = performance.now();
    }
    if (failedSince(first, s)) return { outcome: 'failing', position, head };
    if (performance.now() - movedAt >= opts.stallMs) return { outcome: 'stalled', position, head };
    await pause(POLL_MS, undefined, { signal: opts.stop, ref: false }).catch(() => undefined);
    if (opts.stop.aborted) return { outcome: 'stopped', position, head };
    s = await read();
  }
  return { outcome: 'caught_up', position: s?.position ?? head, head };
}

/** A failure recorded on the projection since the wait began: a new episode, or more failures of the one before. */
function failedSince(first: ConsumerStatus, now: ConsumerStatus): boolean {
  const f = now.failing;
  if (f === null) return false;
  if (first.failing === null) return true;
  return f.since.getTime() !== first.failing.since.getTime() || f.failures > first.failing.failures;
}
