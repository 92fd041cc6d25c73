import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { EvidenceAudit } from './evidence-audit';
import { EvidenceFiles } from './evidence-files.service';
import { EVIDENCE_STORE, LocalDiskEvidenceStore } from './evidence-store';
import { StagingSweeper } from './staging-sweeper';
import { UnreferencedEvidence } from './unreferenced-evidence';
import { UnreferencedSweeper } from './unreferenced-sweeper';

/**
 * Evidence files (佐证材料): the store (local disk under DATA_DIR), uploads, lookups, the audit, the sweep of
 * staging files that a crash mid-upload left, and the removal of files no command ever referenced.
 */
@Module({
  imports: [EventStoreModule],
  providers: [
    {
      provide: EVIDENCE_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => LocalDiskEvidenceStore.under(config.dataDir),
    },
    EvidenceFiles,
    EvidenceAudit,
    StagingSweeper,
    UnreferencedEvidence,
    UnreferencedSweeper,
  ],
  exports: [EvidenceFiles, EvidenceAudit, UnreferencedEvidence],
})
export class EvidenceModule {}
