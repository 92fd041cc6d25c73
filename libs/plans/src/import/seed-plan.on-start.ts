import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { DEFAULT_PLAN_KEY } from '../parser/plan-document.parser';
import { readPlanDocumentFile } from './plan-document.reader';
import { PlanImportService } from './plan-import.service';
import * as path from 'node:path';

/** On an empty database, import the seed plan once, by itself (IMPORT_SEED_ON_START, SEED_PLAN_FILE). */
@Injectable()
export class ImportSeedPlanOnStart implements OnApplicationBootstrap {
  private readonly log = new Logger('SeedPlan');

  constructor(
    private readonly importer: PlanImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.importSeedOnStart || this.config.role === 'worker') return;
    if (await this.importer.hasAnyPlan(DEFAULT_PLAN_KEY)) return;
    const text = readPlanDocumentFile(this.config.seedPlanFile);
    const r = await this.importer.importDocument(text, {
      sourceName: path.basename(this.config.seedPlanFile),
      actor: { system: 'seed-import' },
    });
    this.log.log(`seed plan ${r.planKey}: ${r.status}, ${r.milestones} milestones`);
  }
}
