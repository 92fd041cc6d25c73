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
  private position: number | undefined;

  constructor(
    private readonly importer: PlanImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The event position the reference data must reach before the service is ready: the seed plan's import
   * (this start's, or an earlier one's); `undefined` when there is no seed to wait for.
   */
  get seedPosition(): number | undefined {
    return this.position;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.importSeedOnStart || this.config.role === 'worker') return;
    const existing = await this.importer.planPosition(DEFAULT_PLAN_KEY);
    if (existing !== undefined) {
      this.position = existing;
      return;
    }
    const text = readPlanDocumentFile(this.config.seedPlanFile);
    const r = await this.importer.importDocument(text, {
      sourceName: path.basename(this.config.seedPlanFile),
      actor: { system: 'seed-import' },
    });
    this.position = r.position;
    this.log.log(`seed plan ${r.planKey}: ${r.status}, ${r.milestones} milestones`);
  }
}
