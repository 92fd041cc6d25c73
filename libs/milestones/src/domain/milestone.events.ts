import type { LeadMode } from '../labels/milestone.labels';
import type { IsoDate } from '@app/platform';
import { eachEvent, type CommandEventDataByType } from './commands/tables';

/**
 * Milestone events: past-tense facts in the stream `milestone-<milestoneId>`.
 * Every stream starts with `MilestonePlanned`, written by the plan import (not by `decide`);
 * `MilestoneRevised` and `MilestoneWithdrawn` also come from a plan re-import.
 */

export const MILESTONE_STREAM_PREFIX = 'milestone-';

/** `milestone-<milestoneId>`, e.g. `milestone-sanqu-2020.T05-2021`. */
export function milestoneStreamId(milestoneId: string): string {
  return `${MILESTONE_STREAM_PREFIX}${milestoneId}`;
}

/** The milestone id of a milestone stream, or `null` when the stream is not a milestone's. */
export function milestoneIdFromStreamId(streamId: string): string | null {
  if (!streamId.startsWith(MILESTONE_STREAM_PREFIX)) return null;
  const id = streamId.slice(MILESTONE_STREAM_PREFIX.length);
  return id.length > 0 ? id : null;
}

/** A quantitative target of a milestone (指标), e.g. `引进至少50个投资超亿元的产业项目`. */
export interface PlanIndicator {
  readonly metric: string;
  /** As written by the plan parser (e.g. `>=`, `<=`, `=`). */
  readonly comparator: string;
  readonly target: number;
  readonly unit: string;
  /** The plan text the indicator was read from. */
  readonly source: string;
}

/** A reported value of an indicator. */
export interface IndicatorActual {
  readonly metric: string;
  readonly actual: number;
}

/**
 * A piece of evidence (佐证材料), identified by its content hash; the file itself lives in the evidence store
 * (`@app/evidence`). Older events (and fingerprint-only references) have no size and content type.
 */
export interface EvidenceRef {
  readonly name: string;
  /** Lower-case hex SHA-256 of the file's content. */
  readonly sha256: string;
  /** Bytes of the uploaded file, when the reference is to one. */
  readonly size?: number;
  /** Its content type as read from its bytes (e.g. `application/pdf`), when the reference is to an uploaded file. */
  readonly contentType?: string;
}

/** The years a milestone covers (`2021年` → 2021–2021, `2020-2022年` → 2020–2022). */
export interface PlanPeriod {
  readonly from: number;
  readonly to: number;
}

/**
 * The group of city-wide (全市) milestones wherever milestones are grouped by zone: one key and one name. A task is
 * either in the zones its section or text names, or city-wide (`cityWide`, no zones).
 */
export const CITY_WIDE_ZONE = '全市';

/**
 * How the lead units (牵头单位) share a task: `A牵头` single, `A、B分别牵头` each separately (every lead unit answers
 * for its own share: one assignment each), `A、B牵头` / `共同牵头` jointly (one shared assignment).
 */
export type { LeadMode } from '../labels/milestone.labels';

export interface MilestonePlannedData {
  readonly milestoneId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  /** 重点事项 */
  readonly taskTitle: string;
  readonly period: PlanPeriod;
  /** The plan's due date: the baseline. */
  readonly dueDate: IsoDate;
  /** The plan line (三年工作计划). */
  readonly text: string;
  readonly indicators: readonly PlanIndicator[];
  /** 牵头单位 (unit ids). */
  readonly leadUnits: readonly string[];
  /**
   * How they lead. Absent in streams written before assignments existed: read as `separately` when there are
   * several lead units (every multi-lead task of the seed plan is 分别牵头), else `single`.
   */
  readonly leadMode?: LeadMode;
  /** 配合单位 (unit ids). */
  readonly cooperatingUnits: readonly string[];
  /** Functional zones the task is in; empty for a city-wide (全市) task. */
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  /** 全市: the task is not tied to named zones. Absent in older streams: read as `zones.length === 0`. */
  readonly cityWide?: boolean;
}

/**
 * The part of a milestone a command or event concerns (承办事项): the key of one assignment. Absent: the milestone's
 * only assignment; on a milestone with several, see `targetAssignments` (older events, milestone-wide commands).
 */
export interface AssignmentScoped {
  readonly assignment?: string;
}

/** The plan was re-imported and this milestone's line (or its task's responsibility or places) changed. */
export interface MilestoneRevisedData {
  readonly text: string;
  readonly dueDate: IsoDate;
  readonly indicators: readonly PlanIndicator[];
  readonly previousText: string;
  /** Present when the responsibility changed (lead units, how they lead, cooperating units). */
  readonly leadUnits?: readonly string[];
  readonly leadMode?: LeadMode;
  readonly cooperatingUnits?: readonly string[];
  /** Present when the places changed. */
  readonly zones?: readonly string[];
  readonly districts?: readonly string[];
  readonly cityWide?: boolean;
}

/** The plan was re-imported and this milestone is no longer in it. */
export interface MilestoneWithdrawnData {
  readonly reason: string;
}

/** The plan import's event types → data (its events are not commands': `PlanImportEvent`). */
export interface PlanImportEventDataByType {
  MilestonePlanned: MilestonePlannedData;
  /** A milestone added by a revised plan document (same data as MilestonePlanned). */
  MilestoneAdded: MilestonePlannedData;
  MilestoneRevised: MilestoneRevisedData;
  MilestoneWithdrawn: MilestoneWithdrawnData;
}

export type PlanImportEventType = keyof PlanImportEventDataByType;

/**
 * Event type → data: the plan import's, and the event of each command (from its module,
 * `commands/<command>.command.ts`). The single source of the event union below.
 */
export interface MilestoneEventDataByType extends PlanImportEventDataByType, CommandEventDataByType {}

export type MilestoneEventType = keyof MilestoneEventDataByType;

/** Who recorded an event, as the fold needs it (older events on a shared milestone are routed by the unit). */
export interface EventActor {
  readonly role?: string;
  readonly unit?: string;
}

/**
 * `metadata.actor.system` on every event the demo simulator (`cli demo`) writes: with the `【模拟数据】` prefix of
 * every text and the `模拟数据·` token names, it is how the data says it is simulated (the API's banner reads it).
 */
export const DEMO_SIMULATOR_SYSTEM = 'demo-simulator';

/** An event of type `T` with data `D` as `evolve` reads it: both time axes, when known. */
export interface MilestoneEventEnvelope<T extends string, D> {
  readonly type: T;
  readonly data: D;
  /** When it happened, as stated (ISO 8601 instant). */
  readonly occurredAt: string;
  /** When it was recorded (ISO 8601 instant), from the store. */
  readonly recordedAt?: string;
  /** True when it was reported more than 30 days after it happened. */
  readonly backdated?: boolean;
  /** Who recorded it (from the event's metadata). */
  readonly actor?: EventActor;
}

export type MilestoneEventOf<T extends MilestoneEventType> = MilestoneEventEnvelope<
  T,
  MilestoneEventDataByType[T]
>;

export type MilestonePlanned = MilestoneEventOf<'MilestonePlanned'>;
export type MilestoneAdded = MilestoneEventOf<'MilestoneAdded'>;
export type MilestoneRevised = MilestoneEventOf<'MilestoneRevised'>;
export type MilestoneWithdrawn = MilestoneEventOf<'MilestoneWithdrawn'>;

/** Discriminated union of every milestone event (on `type`). */
export type MilestoneEvent = { [T in MilestoneEventType]: MilestoneEventOf<T> }[MilestoneEventType];

/** Events written by the plan import, never by `decide`. */
export type PlanImportEvent = MilestonePlanned | MilestoneAdded | MilestoneRevised | MilestoneWithdrawn;

/** What `decide` returns: a command's events, stamped with when they happened and whether backdated. */
export type DecidedMilestoneEvent = Exclude<MilestoneEvent, PlanImportEvent> & {
  readonly backdated: boolean;
};

/** The types of the events that change an assignment: the commands' (every type but the plan import's). */
export type AssignmentEventType = keyof CommandEventDataByType;

/**
 * Which assignments an event concerns when its data names none on a milestone with several (written before
 * assignments existed, or a milestone-wide decision; `targetAssignments` applies it):
 * - `reporter`: the assignment its reporter's unit leads, else every open one (the old shared status meant all);
 * - `submitted`: every assignment awaiting verification (one shared claim covered them all);
 * - `open`: every open assignment (a decision on the whole milestone).
 */
export type EventRouting = 'reporter' | 'submitted' | 'open';

/** Each command event's routing, from its command's module. */
export const MILESTONE_EVENT_ROUTING: { readonly [T in AssignmentEventType]: EventRouting } =
  eachEvent('routing');

/** What a person reads in a history (zh-CN): the plan import's events, and each command's (from its module). */
export const MILESTONE_EVENT_LABELS_ZH: { readonly [T in MilestoneEventType]: string } = {
  MilestonePlanned: '计划下达',
  MilestoneAdded: '计划新增',
  MilestoneRevised: '计划修订',
  MilestoneWithdrawn: '移出计划',
  ...eachEvent('labelZh'),
};
