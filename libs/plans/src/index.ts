export * from './model/plan.model';
export {
  buildGazetteer,
  districtGovernment,
  districtOfGovernment,
  districtShortName,
  type Gazetteer,
  type GazetteerTown,
} from './model/gazetteer';
export { KNOWN_UNIT_IDS, unitId } from './model/unit-registry';
export { parsePlanDocument, DEFAULT_PLAN_KEY, type ParsePlanOptions } from './parser/plan-document.parser';
export { PlanParseError, PLAN_PARSE_ERROR_CODES, type PlanParseErrorCode } from './parser/plan-parse.error';
export { formatPlanTable } from './parser/plan-table.formatter';
export { milestoneId } from './parser/plan-lines.parser';
export { sha256Hex } from './parser/source-hash';
export { PlansModule } from './plans.module';
export { PlanImportService, type PlanImportResult } from './import/plan-import.service';
export { ImportSeedPlanOnStart } from './import/seed-plan.on-start';
export { PlanDocumentError, decodePlanDocument, readPlanDocumentFile } from './import/plan-document.reader';
export { planStreamId, PLAN_IMPORTED, type PlanImportedData } from './import/plan-events';
export { PLAN_CATALOG_CONSUMER } from './catalog/plan-catalog.projection';
export {
  PlanCatalogQueries,
  type PlanSummary,
  type DistrictView,
  type MilestonePlanView,
  type TaskView,
} from './catalog/plan-catalog.queries';
