export { ReportsModule } from './reports.module';
export * from './retrospective/outcome';
export * from './retrospective/review.types';
export * from './retrospective/report.types';
export * from './retrospective/standing.types';
export { MET_ON_TIME_RATE, REVIEW_DEFINITIONS } from './retrospective/definitions';
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
export { indicatorAttainment } from './retrospective/indicators';
export { yearEndCutoff } from './retrospective/retrospective.builder';
export { REPORT_TABLES, type ReportTable } from './export/sheets';
export { REPORT_MEDIA_TYPES, reportFileName, writeReport } from './export/write-report';
export {
  CloseYearService,
  type CloseYearCommand,
  type YearClosedResult,
} from './close-year/close-year.service';
export {
  readYearClosed,
  YEAR_CLOSED,
  yearStreamId,
  type YearClosedData,
} from './close-year/year-closed.event';
export { LedgerService, type LedgerExport } from './ledger/ledger.service';
export { LEDGER_COLUMNS, LEDGER_HEADER_ROW, STATUS_FILLS } from './ledger/ledger.xlsx';
