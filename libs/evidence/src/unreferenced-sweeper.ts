import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, startUpkeep } from '@app/platform';
import { UnreferencedEvidence, type UnreferencedRemoval } from './unreferenced-evidence';

const SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;
/** Files removed per run at most (one short transaction each); the next run goes on. */
export const UNREFERENCED_PER_RUN = 500;

/**
 * Removes the evidence files no command referenced, uploaded more than EVIDENCE_UNREFERENCED_DAYS ago: at start
 * and daily, in the service's processes only (`config.upkeep`), at most `UNREFERENCED_PER_RUN` a run.
 */
@Injectable()
export class UnreferencedSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EvidenceUnreferenced');
  private stop: () => void = () => undefined;

  constructor(
    private readonly unreferenced: UnreferencedEvidence,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startUpkeep(this.config, SWEEP_EVERY_MS, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  async sweep(): Promise<UnreferencedRemoval | null> {
    try {
      const r = await this.unreferenced.remove(UNREFERENCED_PER_RUN);
      this.log.log(
        `removed ${r.removed} evidence file(s) (${r.bytes} bytes) never referenced and uploaded more than ` +
          `${this.unreferenced.retentionDays} days ago${r.more ? '; more remain for the next run' : ''}`,
      );
      if (r.failed > 0)
        this.log.warn(`${r.failed} unreferenced evidence file(s) could not be removed, e.g. ${r.firstError}`);
      return r;
    } catch (e) {
      this.log.warn(
        `removing unreferenced evidence files failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
  }
}
