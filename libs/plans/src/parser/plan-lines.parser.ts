import type { Gazetteer } from '../model/gazetteer';
import type { Milestone, Period, StandingRequirement } from '../model/plan.model';
import type { Finding } from '../model/plan-finding.model';
import { leadingNamedDate, resolveDueDate } from './due-date.resolver';
import { extractIndicators } from './indicator.extractor';
import type { DocumentLine } from './table-cells.reader';

/**
 * 三年工作计划: each line starting with a period (`2020年`, `2021-2022年`, `2020—2022年`) is a milestone;
 * any other line is kept as a standing requirement: a lead-in when it ends in `，`/`：` and precedes the
 * dated lines, trailing when it follows the last dated line.
 */

const PERIOD_PREFIX = /^(20\d{2})(?:年?\s*[-—–－~～至到]\s*(20\d{2}))?\s*年度?/u;
const SEPARATOR = /^[\s，,、：:；;]*/u;
const LEAD_IN_END = /[，,：:]$/u;

export interface PlanLines {
  readonly milestones: readonly Milestone[];
  readonly standingRequirements: readonly StandingRequirement[];
  readonly findings: readonly Finding[];
}

export interface DatedLine {
  readonly period: Period;
  /** The line without its period (and a date qualifier right after it) and separator. */
  readonly body: string;
}

/** `2021年，…` → 2021; `2020—2022年…` → 2020–2022; undefined for a line without a period. */
export function readPeriod(line: string): DatedLine | undefined {
  const m = PERIOD_PREFIX.exec(line);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  const period = { from: Math.min(from, to), to: Math.max(from, to) };
  const qualifier = leadingNamedDate(line, period.to);
  const prefixLength = Math.max(m[0].length, qualifier?.span.length ?? 0);
  return { period, body: line.slice(prefixLength).replace(SEPARATOR, '') };
}

export function milestoneId(planKey: string, task: number, period: Period): string {
  const years = period.from === period.to ? `${period.from}` : `${period.from}-${period.to}`;
  return `${planKey}.T${String(task).padStart(2, '0')}-${years}`;
}

function undatedFinding(task: number, line: DocumentLine, kind: StandingRequirement['kind']): Finding {
  switch (kind) {
    case 'lead-in':
      return {
        task,
        kind: 'lead-in-line',
        detail: `“${line.text}”以逗号结尾、引出下列分年计划，无年份，作为常设要求保留`,
        detailEn: `“${line.text}” ends in a comma and introduces the dated lines; kept as a standing requirement`,
        line: line.no,
        original: line.text,
      };
    case 'trailing':
      return {
        task,
        kind: 'line-after-last-milestone',
        detail: `“${line.text}”位于最后一条分年计划之后，无年份，作为常设要求保留`,
        detailEn: `“${line.text}” follows the last dated line and has no period; kept as a standing requirement`,
        line: line.no,
        original: line.text,
      };
    case 'standing':
      return {
        task,
        kind: 'undated-line',
        detail: `“${line.text}”无年份，作为常设要求保留，不设里程碑`,
        detailEn: `“${line.text}” has no period; kept as a standing requirement, not a milestone`,
        line: line.no,
        original: line.text,
      };
  }
}

function standingKind(
  index: number,
  firstDated: number,
  lastDated: number,
  text: string,
): StandingRequirement['kind'] {
  if (firstDated >= 0 && index > lastDated) return 'trailing';
  if (index < firstDated && LEAD_IN_END.test(text)) return 'lead-in';
  return 'standing';
}

export function parsePlanLines(
  lines: readonly DocumentLine[],
  ctx: { readonly planKey: string; readonly task: number; readonly gazetteer?: Gazetteer },
): PlanLines {
  const dated = lines.map((l) => readPeriod(l.text));
  const firstDated = dated.findIndex((d) => d !== undefined);
  const lastDated = dated.findLastIndex((d) => d !== undefined);
  const milestones: Milestone[] = [];
  const standingRequirements: StandingRequirement[] = [];
  const findings: Finding[] = [];
  const usedIds = new Set<string>();
  lines.forEach((line, index) => {
    const d = dated[index];
    if (!d) {
      const kind = standingKind(index, firstDated, lastDated, line.text);
      standingRequirements.push({ text: line.text, kind, line: line.no });
      findings.push(undatedFinding(ctx.task, line, kind));
      return;
    }
    const baseId = milestoneId(ctx.planKey, ctx.task, d.period);
    let id = baseId;
    for (let n = 2; usedIds.has(id); n += 1) id = `${baseId}-${n}`;
    if (id !== baseId) {
      findings.push({
        task: ctx.task,
        milestone: id,
        kind: 'duplicate-period',
        detail: `第${line.no}行与本任务另一行的年份相同，编号为${id}`,
        detailEn: `Line ${line.no} has the same period as another line of the task; id ${id}`,
        line: line.no,
      });
    }
    usedIds.add(id);
    milestones.push({
      id,
      task: ctx.task,
      period: d.period,
      startDate: `${d.period.from}-01-01`,
      ...resolveDueDate(line.text, d.period),
      text: line.text,
      body: d.body,
      line: line.no,
      indicators: extractIndicators(d.body, ctx.gazetteer),
    });
  });
  if (milestones.length === 0) {
    findings.push({
      task: ctx.task,
      kind: 'no-milestones',
      detail: `任务${ctx.task}没有带年份的计划行`,
      detailEn: `Task ${ctx.task} has no dated plan line`,
      line: lines[0]?.no ?? 0,
    });
  }
  return { milestones, standingRequirements, findings };
}
