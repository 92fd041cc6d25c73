import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, startUpkeep } from '@app/platform';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';

/**
 * A staging file untouched this long belongs to no upload in progress: an upload writes its file as the bytes
 * arrive, and Node's HTTP server ends a request not received whole within its `requestTimeout` (5 min) long before.
 */
export const STAGING_MAX_AGE_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Heals what a crash mid-upload leaves: the staging file of an upload the process never finished (a refused
 * upload removes its own). Sweeps at start and every hour, only files older than `STAGING_MAX_AGE_MS`, so that
 * an upload another process is receiving right now is never touched.
 */
@Injectable()
export class StagingSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EvidenceStaging');
  private stop: () => void = () => undefined;

  constructor(
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = startUpkeep(this.config, SWEEP_EVERY_MS, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  async sweep(): Promise<number> {
    try {
      const removed = await this.store.sweepStaging(STAGING_MAX_AGE_MS);
      if (removed > 0)
        this.log.log(`removed ${removed} staging file(s) of uploads cut short (older than 1 h)`);
      return removed;
    } catch (e) {
      this.log.warn(
        `sweeping the evidence staging files failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      return 0;
    }
  }
}
