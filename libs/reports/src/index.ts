export { ReportsModule } from './reports.module';
export * from './retrospective/retrospective.types';
export {
  RetrospectiveService,
  type RetrospectiveProgress,
  type RetrospectiveQuery,
} from './retrospective/retrospective.service';
export {
  parseKnownAt,
  parseRetrospectiveRequest,
  REPORT_FORMATS,
  type RawRetrospectiveRequest,
  type ReportFormat,
  type RetrospectiveRequest,
} from './retrospective/retrospective-request';
export { classifyOutcome, indicatorAttainment } from './retrospective/milestone-review';
export { yearEndCutoff } from './retrospective/retrospective.builder';
export { REPORT_TABLES, type ReportTable } from './export/report-sheets';
export { REPORT_MEDIA_TYPES, reportFileName, writeReport } from './export/write-report';
export {
  CloseYearService,
  type CloseYearCommand,
  type YearClosedResult,
} from './close-year/close-year.service';
export { YEAR_CLOSED, yearStreamId, type YearClosedData } from './close-year/year-closed.event';
