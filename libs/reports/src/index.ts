export { CloseYearService, type YearClosedResult } from './close-year/close-year.service';
export { REPORT_TABLES } from './export/sheets/sheet-model';
export { REPORT_MEDIA_TYPES, reportFileName, writeReport } from './export/write-report';
export { LedgerService } from './ledger/ledger.service';
export { LEDGER_COLUMNS, STATUS_FILLS } from './ledger/ledger.xlsx';
export { ReportsModule } from './reports.module';
export { OUTCOMES } from './retrospective/outcome';
export { parseRetrospectiveRequest, REPORT_FORMATS } from './retrospective/retrospective-request';
export { type RetrospectiveProgress, RetrospectiveService } from './retrospective/retrospective.service';
