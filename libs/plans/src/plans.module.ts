import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { PlanCatalogProjection } from './catalog/plan-catalog.projection';
import { PlanCatalogQueries } from './catalog/plan-catalog.queries';
import { PlanImportService } from './import/plan-import.service';
import { ImportSeedPlanOnStart } from './import/seed-plan.on-start';

/** The plan: parser, import as events, reference-data catalogue. */
@Module({
  imports: [EventStoreModule],
  providers: [PlanCatalogProjection, PlanCatalogQueries, PlanImportService, ImportSeedPlanOnStart],
  exports: [PlanCatalogQueries, PlanImportService, ImportSeedPlanOnStart],
})
export class PlansModule {}
