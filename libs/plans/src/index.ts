export { PLAN_CATALOG_CONSUMER } from './catalog/plan-catalog.projection';
export {
  type DistrictView,
  type MilestonePlanView,
  PlanCatalogQueries,
  type PlanSummary,
  type TaskView,
} from './catalog/plan-catalog.queries';
export { readPlanDocumentFile } from './import/plan-document.reader';
export { PLAN_EVENTS, PLAN_IMPORTED, type PlanImportedData, planStreamId } from './import/plan-events';
export { PLAN_IMPORT_STATUSES, type PlanImportResult, PlanImportService } from './import/plan-import.service';
export { ImportSeedPlanOnStart } from './import/seed-plan.on-start';
export { type ParsedPlan, PLACE_REASON_KINDS, UNIT_KINDS } from './model/plan.model';
export { parsePlanDocument } from './parser/plan-document.parser';
export { PlanParseError } from './parser/plan-parse.error';
export { formatPlanTable } from './parser/plan-table.formatter';
export { PlansModule } from './plans.module';
