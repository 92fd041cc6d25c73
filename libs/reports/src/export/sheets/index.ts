import type { RetrospectiveReport } from '../../retrospective/report.types';
import { afterYearEndSheet } from './after-year-end.sheet';
import { alertsSheet } from './alerts.sheet';
import { assignmentsSheet } from './assignments.sheet';
import { inProgressSheet } from './in-progress.sheet';
import { indicatorsSheet } from './indicators.sheet';
import { milestonesSheet } from './milestones.sheet';
import { overviewSheet } from './overview.sheet';
import { reasonsSheet } from './reasons.sheet';
import { rollupSheet } from './rollup.sheet';
import type { ReportSheet, ReportTable } from './sheet-model';
import { standingSheet } from './standing.sheet';

export * from './sheet-model';

/** Every table of the review, in workbook order (the document model every format renders). */
export function reportSheets(r: RetrospectiveReport): ReportSheet[] {
  return [
    overviewSheet(r),
    rollupSheet(r, 'zones', '按功能区', '功能区', r.rollups.zone),
    rollupSheet(r, 'districts', '按市区', '市（区）', r.rollups.district),
    rollupSheet(r, 'lead-units', '按牵头单位', '牵头单位', r.rollups.leadUnit),
    rollupSheet(r, 'sections', '按板块', '板块', r.rollups.section),
    milestonesSheet(r),
    assignmentsSheet(r),
    reasonsSheet(r),
    indicatorsSheet(r),
    alertsSheet(r),
    afterYearEndSheet(r),
    inProgressSheet(r),
    standingSheet(r),
  ];
}

export function reportSheet(r: RetrospectiveReport, id: ReportTable): ReportSheet {
  const sheet = reportSheets(r).find((s) => s.id === id);
  if (!sheet) throw new Error(`No table ${id}`);
  return sheet;
}
