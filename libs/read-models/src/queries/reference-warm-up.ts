import { Injectable, Logger } from '@nestjs/common';
import { BoardWarmUp } from './board-warm-up';
import { ReadModelReferenceData } from './reference-data';
import { warnWarmUpFailed } from './warm-up-failure';

/** How long a probe waits for the read before it answers not ready (within Kubernetes' default 1 s probe timeout). */
const PROBE_WAIT_MS = 250;

/**
 * The last step of a query process's warm-up: the reference data that every filtered question and roll-up checks
 * and labels by (`ReadModelReferenceData`: the zones, districts, units and sections of the board table, a DISTINCT
 * over it in PostgreSQL, ≈ 1 s at 100,000 milestones), read afresh once so that the first such question after ready
 * does not wait for it. Readiness asks for it (`ready`) once the seed plan is served and the board is in memory (it is
 * read from both: read earlier, its cache would hold a plan not yet projected, named by ids). The first probe starts
 * the read in the background, outside the probe's request and its bound (`warm`: `BACKGROUND_READ_BOUND_MS`); a
 * probe waits for it at most `PROBE_WAIT_MS`, then answers not ready. A failed read is logged (once until a read succeeds) and started again by the next probe. The
 * copy's rules stay its own (refreshed in the background after a minute, a read for a name it does not know).
 */
@Injectable()
export class ReferenceDataWarmUp {
  private readonly log = new Logger('ReferenceData');
  private read = false;
  private reading: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly board: BoardWarmUp,
    private readonly reference: ReadModelReferenceData,
  ) {}

  /** The reference data was read (or this process loads no board, and reads none). */
  async ready(): Promise<boolean> {
    if (this.read || !this.board.loadsBoard) return true;
    this.reading ??= this.readInBackground();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, PROBE_WAIT_MS)));
    try {
      await Promise.race([this.reading, waited]);
    } finally {
      clearTimeout(timer);
    }
    return this.read;
  }

  private async readInBackground(): Promise<void> {
    try {
      await this.reference.warm();
      this.read = true;
      this.failures = 0;
    } catch (e) {
      if (this.reference.stopped) return; // cut off by the application's stop: not a failure
      if (this.failures++ === 0) {
        warnWarmUpFailed(
          this.log,
          'reading the reference data',
          e,
          'read again at the next probe, not ready until read',
        );
      }
    } finally {
      this.reading = undefined;
    }
  }
}
