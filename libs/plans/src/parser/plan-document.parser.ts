import { buildGazetteer, type Gazetteer } from '../model/gazetteer';
import type { ParsedPlan, PlanTask } from '../model/plan.model';
import { FINDING_KINDS, type Finding } from '../model/plan-finding.model';
import { buildUnitRegistry, unitId } from '../model/unit-registry';
import { PlanParseError } from './plan-parse.error';
import { parsePlanLines } from './plan-lines.parser';
import { parseResponsibility, type UnitMention } from './responsibility.parser';
import { sha256Hex } from './source-hash';
import { findSuspectedTypos } from './suspected-typo.checker';
import { findSuspiciousUnits } from './suspicious-unit.checker';
import { toDocumentLines, type DocumentLine } from './table-cells.reader';
import { resolveTaskPlaces } from './task-places.resolver';
import { parseTaskTable, type TaskRow } from './task-table.parser';
import { parseZoneTable } from './zone-table.parser';

export const DEFAULT_PLAN_KEY = 'sanqu-2020';
const PLAN_KEY = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/u;
const ATTACHMENT = /^\s*附件\s*([12一二])\s*[:：]?\s*$/u;
const TASK_TABLE_SUFFIX = /重点任务分工表$/u;
const ZONE_TABLE_SUFFIX = /功能分区图?表$/u;

export interface ParsePlanOptions {
  /** URL-safe key, prefix of milestone ids; default `sanqu-2020`. */
  readonly planKey?: string;
  /** Where the text came from (file name), recorded in `source.name`. */
  readonly sourceName?: string;
}

interface Attachments {
  readonly zoneTable: readonly DocumentLine[];
  readonly taskTable: readonly DocumentLine[];
}

function validatePlanKey(planKey: string): void {
  if (!PLAN_KEY.test(planKey)) {
    throw new PlanParseError(
      'INVALID_PLAN_KEY',
      `Plan key “${planKey}” must be lower-case letters, digits and hyphens (e.g. sanqu-2020)`,
      `计划标识“${planKey}”只能由小写字母、数字和连字符组成（如 sanqu-2020）`,
    );
  }
}

/** 附件1 (zone table) and 附件2 (task table): each runs from its marker line to the next marker or the end. */
function splitAttachments(lines: readonly DocumentLine[]): Attachments {
  const markers = lines.flatMap((line, index) => {
    const m = ATTACHMENT.exec(line.text);
    return m ? [{ index, which: m[1] === '1' || m[1] === '一' ? 1 : 2 }] : [];
  });
  const body = (which: number): DocumentLine[] | undefined => {
    const at = markers.findIndex((m) => m.which === which);
    const marker = markers[at];
    if (!marker) return undefined;
    return lines.slice(marker.index + 1, markers[at + 1]?.index ?? lines.length);
  };
  const taskTable = body(2);
  if (!taskTable) {
    throw new PlanParseError(
      'TASK_TABLE_MISSING',
      'Not a 三区并进 task-division document: no “附件2” task table (重点任务分工表) found',
      '不是“三区并进”重点任务分工文件：未找到“附件2”重点任务分工表',
    );
  }
  const zoneTable = body(1);
  if (!zoneTable) {
    throw new PlanParseError(
      'ZONE_TABLE_MISSING',
      'Not a 三区并进 task-division document: no “附件1” zone table (功能分区图表) found',
      '不是“三区并进”重点任务分工文件：未找到“附件1”功能分区图表',
    );
  }
  return { zoneTable, taskTable };
}

function buildTask(
  row: TaskRow,
  gazetteer: Gazetteer,
  planKey: string,
): { task: PlanTask; mentions: UnitMention[]; findings: Finding[] } {
  const { section } = row;
  const responsibility = parseResponsibility(row.responsibility.text, gazetteer);
  const plan = parsePlanLines(row.plan.lines, { planKey, task: row.no, gazetteer });
  const places = resolveTaskPlaces(
    {
      text: [row.title, row.workTask, row.plan.text].join('\n'),
      section,
      lead: responsibility.lead,
      cooperating: responsibility.cooperating,
    },
    gazetteer,
  );
  const names = (units: readonly UnitMention[]): string[] => units.map((u) => u.name);
  const task: PlanTask = {
    no: row.no,
    numberInDocument: row.numberInDocument,
    section: section.no,
    // Either in the zones it names (its section's, or places in its text), or 全市 (city-wide): never both.
    cityWide: places.zones.length === 0,
    title: row.title,
    workTask: row.workTask,
    planText: row.plan.text,
    responsibilityText: row.responsibility.text,
    leadUnits: names(responsibility.lead),
    leadUnitIds: names(responsibility.lead).map(unitId),
    leadMode: responsibility.leadMode,
    cooperatingUnits: names(responsibility.cooperating),
    cooperatingUnitIds: names(responsibility.cooperating).map(unitId),
    standingRequirements: plan.standingRequirements,
    ...places,
    milestones: plan.milestones,
    line: row.line,
  };
  const findings: Finding[] = [
    ...responsibility.findings.map((f) => ({ ...f, task: row.no, line: row.responsibility.line })),
    ...plan.findings,
    ...findSuspiciousUnits(row.no, plan.milestones),
    ...findSuspectedTypos(row.no, plan.milestones, plan.standingRequirements),
  ];
  return { task, mentions: [...responsibility.lead, ...responsibility.cooperating], findings };
}

function byTaskThenLine(a: Finding, b: Finding): number {
  return (
    (a.task ?? 0) - (b.task ?? 0) ||
    a.line - b.line ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind)
  );
}

function planTitle(taskTableTitle: string, zoneTableTitle: string): string {
  if (taskTableTitle) return taskTableTitle.replace(TASK_TABLE_SUFFIX, '') || taskTableTitle;
  return zoneTableTitle.replace(ZONE_TABLE_SUFFIX, '') || zoneTableTitle;
}

/**
 * Parses the 三区并进 task-division document (附件1 zone table, 附件2 task table) into the plan model.
 * Pure and deterministic: the same text gives a deep-equal result.
 * @throws PlanParseError when the text is not a document of this shape.
 */
export function parsePlanDocument(text: string, opts: ParsePlanOptions = {}): ParsedPlan {
  const planKey = opts.planKey ?? DEFAULT_PLAN_KEY;
  validatePlanKey(planKey);
  if (text.trim().length === 0) {
    throw new PlanParseError('EMPTY_DOCUMENT', 'The plan document is empty', '计划文件为空');
  }
  const lines = toDocumentLines(text);
  const attachments = splitAttachments(lines);
  const zoneTable = parseZoneTable(attachments.zoneTable);
  const gazetteer = buildGazetteer(zoneTable.zones);
  const taskTable = parseTaskTable(attachments.taskTable, gazetteer.zoneNames);
  if (taskTable.rows.length === 0) {
    throw new PlanParseError(
      'NO_TASKS',
      'The task table (附件2) contains no tasks',
      '附件2重点任务分工表中没有任何重点任务',
      attachments.taskTable[0]?.no,
    );
  }
  const built = taskTable.rows.map((row) => buildTask(row, gazetteer, planKey));
  return {
    planKey,
    title: planTitle(taskTable.title, zoneTable.title),
    source: { name: opts.sourceName ?? null, sha256: sha256Hex(text), lineCount: lines.length },
    zones: zoneTable.zones,
    sections: taskTable.sections,
    units: buildUnitRegistry(
      built
        .flatMap((b) => b.mentions)
        .map((m) => ({ name: m.name, district: m.district, typoOriginal: m.typoOriginal })),
    ),
    tasks: built.map((b) => b.task),
    findings: [...zoneTable.findings, ...taskTable.findings, ...built.flatMap((b) => b.findings)].sort(
      byTaskThenLine,
    ),
  };
}
