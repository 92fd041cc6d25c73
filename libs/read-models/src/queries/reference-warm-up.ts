import { Injectable } from '@nestjs/common';
import { BoardWarmUp } from './board-warm-up';
import { ReadModelReferenceData } from './reference-data';

/**
 * The last step of a query process's warm-up: the reference data that every filtered question and roll-up checks
 * and labels by (`ReadModelReferenceData`: the zones, districts, units and sections of the board table, a DISTINCT
 * over it in PostgreSQL, ≈ 1 s at 100,000 milestones), read once so that the first such question after ready does
 * not wait for it. Readiness asks for it (`ready`) once the seed plan is served and the board is in memory (it is read
 * from both: read earlier, its cache would hold a plan not yet projected, named by ids), within the probe's request
 * and its bounds; the cache's rules stay its own (a minute, and a refresh for a name it does not know).
 */
@Injectable()
export class ReferenceDataWarmUp {
  private read = false;

  constructor(
    private readonly board: BoardWarmUp,
    private readonly reference: ReadModelReferenceData,
  ) {}

  /**
   * Reads the reference data if not yet read (a process that loads no board reads none); true once read. A failed
   * read is thrown: not ready, read again at the next probe.
   */
  async ready(): Promise<boolean> {
    if (this.read || !this.board.loadsBoard) return true;
    await this.reference.get();
    this.read = true;
    return true;
  }
}
