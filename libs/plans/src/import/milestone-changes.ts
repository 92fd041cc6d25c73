import { stableJson, type AppendRequest, type NewEvent } from '@app/event-store';
import {
  leadModeOf,
  milestoneStreamId,
  type LeadMode,
  type MilestonePlannedData,
  type MilestoneRevisedData,
} from '@app/milestones';
import type { Milestone, ParsedPlan, PlanTask } from '../model/plan.model';

/** The milestone's planned facts as the event carries them (unit ids, not names). */
export function plannedData(plan: ParsedPlan, task: PlanTask, m: Milestone, documentSha256: string) {
  return {
    milestoneId: m.id,
    planKey: plan.planKey,
    taskNo: task.no,
    section: task.section,
    taskTitle: task.title,
    period: { from: m.period.from, to: m.period.to },
    dueDate: m.dueDate,
    text: m.text,
    indicators: m.indicators.map((i) => ({
      metric: i.metric,
      comparator: i.comparator,
      target: i.target,
      unit: i.unit,
      source: i.source,
      ...(i.targetMax !== undefined ? { targetMax: i.targetMax } : {}),
    })),
    leadUnits: [...task.leadUnitIds],
    leadMode: task.leadMode,
    cooperatingUnits: [...task.cooperatingUnitIds],
    zones: task.zones.map((z) => z.name),
    districts: task.districts.map((d) => d.name),
    cityWide: task.cityWide,
    startDate: m.startDate,
    dueDateSource: m.dueDateSource,
    documentSha256,
  } satisfies MilestonePlannedData & Record<string, unknown>;
}

export type PlannedMilestone = ReturnType<typeof plannedData>;

/** jsonb does not keep key order: compare canonically. */
const sameJson = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

/** The new responsibility, when it differs from the one the stream has (read as `evolve` reads it). */
function responsibilityChange(
  cur: MilestonePlannedData,
  next: PlannedMilestone & { leadMode: LeadMode },
): Pick<MilestoneRevisedData, 'leadUnits' | 'leadMode' | 'cooperatingUnits'> | undefined {
  const same =
    sameJson(cur.leadUnits, next.leadUnits) &&
    sameJson(cur.cooperatingUnits, next.cooperatingUnits) &&
    leadModeOf(cur) === next.leadMode;
  if (same) return undefined;
  return { leadUnits: next.leadUnits, leadMode: next.leadMode, cooperatingUnits: next.cooperatingUnits };
}

/** The new places (zones, districts, 全市), when they differ. */
function placesChange(
  cur: MilestonePlannedData,
  next: PlannedMilestone,
): Pick<MilestoneRevisedData, 'zones' | 'districts' | 'cityWide'> | undefined {
  const same =
    sameJson(cur.zones, next.zones) &&
    sameJson(cur.districts, next.districts) &&
    (cur.cityWide ?? cur.zones.length === 0) === next.cityWide;
  if (same) return undefined;
  return { zones: next.zones, districts: next.districts, cityWide: next.cityWide };
}

export interface CatalogMilestone {
  readonly id: string;
  readonly withdrawn: boolean;
  readonly data: MilestonePlannedData;
  /** The stream version of the latest plan event the catalogue applied to the milestone. */
  readonly stream_version: number;
}

/**
 * The appends that bring the milestones in line with a later document: added when new, revised when the line, its
 * targets, the task's responsibility or places changed (or it was withdrawn before), withdrawn when gone.
 */
export function milestoneChanges(
  planned: readonly PlannedMilestone[],
  current: ReadonlyMap<string, CatalogMilestone>,
  ev: (id: string, version: number | undefined, type: string, data: unknown) => NewEvent,
  documentSha256: string,
): { requests: AppendRequest[]; added: string[]; revised: string[]; withdrawn: string[] } {
  const requests: AppendRequest[] = [];
  const added: string[] = [];
  const revised: string[] = [];
  const withdrawn: string[] = [];
  for (const next of planned) {
    const id = next.milestoneId;
    const cur = current.get(id);
    if (!cur) {
      added.push(id);
      requests.push({
        streamId: milestoneStreamId(id),
        expected: 'no_stream',
        events: [ev(id, undefined, 'MilestoneAdded', next)],
      });
      continue;
    }
    const responsibility = responsibilityChange(cur.data, next);
    const places = placesChange(cur.data, next);
    const changed =
      cur.withdrawn ||
      cur.data.text !== next.text ||
      cur.data.dueDate !== next.dueDate ||
      !sameJson(cur.data.indicators, next.indicators) ||
      responsibility !== undefined ||
      places !== undefined;
    if (!changed) continue;
    revised.push(id);
    const data: MilestoneRevisedData & { documentSha256: string } = {
      text: next.text,
      dueDate: next.dueDate,
      indicators: next.indicators,
      previousText: cur.data.text,
      ...responsibility,
      ...places,
      documentSha256,
    };
    requests.push({
      streamId: milestoneStreamId(id),
      expected: 'any',
      events: [ev(id, cur.stream_version, 'MilestoneRevised', data)],
    });
  }
  const inDocument = new Set(planned.map((p) => p.milestoneId));
  for (const cur of current.values()) {
    if (cur.withdrawn || inDocument.has(cur.id)) continue;
    withdrawn.push(cur.id);
    requests.push({
      streamId: milestoneStreamId(cur.id),
      expected: 'any',
      events: [
        ev(cur.id, cur.stream_version, 'MilestoneWithdrawn', {
          reason: `不在修订后的计划文档中（sha256 ${documentSha256.slice(0, 12)}…）`,
          documentSha256,
        }),
      ],
    });
  }
  return { requests, added, revised, withdrawn };
}
