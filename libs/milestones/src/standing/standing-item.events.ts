import { EventCodec, shape } from '@app/event-store';
import type { EvidenceRef, LeadMode, PlanPeriod } from '../domain/milestone.events';

/**
 * Standing items (常态化事项): plan lines without a period (`持续推进海洋生态环境保护…`, `开展《江门市国土空间总体规划
 * （2020-2035年）》规划编制…`). No due date: the units report on them within the reporting cadence, the no-report
 * alert watches the silence, and the year-end review states what was reported. Stream `standing-<itemId>`.
 */
export const STANDING_STREAM_PREFIX = 'standing-';

export function standingStreamId(itemId: string): string {
  return `${STANDING_STREAM_PREFIX}${itemId}`;
}

export function standingItemIdFromStreamId(streamId: string): string | null {
  if (!streamId.startsWith(STANDING_STREAM_PREFIX)) return null;
  const id = streamId.slice(STANDING_STREAM_PREFIX.length);
  return id.length > 0 ? id : null;
}

/** How the line stands in its task: a requirement of its own, a lead-in to the dated lines, or a note after them. */
export const STANDING_ITEM_KINDS = [
  /** A requirement without a period, before the dated lines. */
  'standing',
  /** A line ending in `，`/`：` that introduces the dated lines (`积极增减挂钩工作，`). */
  'lead-in',
  /** A line after the last dated line. */
  'trailing',
] as const;
export type StandingItemKind = (typeof STANDING_ITEM_KINDS)[number];

export interface StandingItemPlannedData {
  /** `<planKey>.T<nn>-S<k>`: the k-th undated line of task nn. */
  readonly itemId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  /** The line exactly as written. */
  readonly text: string;
  readonly kind: StandingItemKind;
  /** The plan's years: the item stands for all of them. */
  readonly period: PlanPeriod;
  readonly leadUnits: readonly string[];
  readonly leadMode: LeadMode;
  readonly cooperatingUnits: readonly string[];
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly cityWide: boolean;
}

export interface StandingItemRevisedData {
  readonly text: string;
  readonly previousText: string;
}

export interface StandingItemWithdrawnData {
  readonly reason: string;
}

/** A unit reported what it did on the item (常态化工作情况). */
export interface StandingItemReportedData {
  /** The unit the report is for (its lead unit's share of a 分别牵头 item, or a cooperating unit's context). */
  readonly unit: string;
  readonly narrative: string;
  readonly evidence?: readonly EvidenceRef[];
}

export interface StandingItemEventDataByType {
  StandingItemPlanned: StandingItemPlannedData;
  StandingItemRevised: StandingItemRevisedData;
  StandingItemWithdrawn: StandingItemWithdrawnData;
  StandingItemReported: StandingItemReportedData;
}

export type StandingItemEventType = keyof StandingItemEventDataByType;

export interface StandingItemEventOf<T extends StandingItemEventType> {
  readonly type: T;
  readonly data: StandingItemEventDataByType[T];
  readonly occurredAt: string;
  readonly recordedAt?: string;
  readonly backdated?: boolean;
}

export type StandingItemEvent = {
  [T in StandingItemEventType]: StandingItemEventOf<T>;
}[StandingItemEventType];

const TYPES: { readonly [T in StandingItemEventType]: string } = {
  StandingItemPlanned: '常态化事项下达',
  StandingItemRevised: '常态化事项修订',
  StandingItemWithdrawn: '常态化事项移出计划',
  StandingItemReported: '报告常态化工作',
};

export const STANDING_ITEM_EVENT_LABELS_ZH = TYPES;

/** The standing-item event union as stored (stream `standing-<itemId>`): each payload checked on reading. */
export const STANDING_ITEM_EVENTS = new EventCodec<StandingItemEventDataByType>('standing item', {
  StandingItemPlanned: shape({
    itemId: 'string',
    planKey: 'string',
    taskNo: 'number',
    section: 'number',
    taskTitle: 'string',
    text: 'string',
    kind: 'string',
    period: 'object',
    leadUnits: 'array',
    leadMode: 'string',
    cooperatingUnits: 'array',
    zones: 'array',
    districts: 'array',
    cityWide: 'boolean',
  }),
  StandingItemRevised: shape({ text: 'string', previousText: 'string' }),
  StandingItemWithdrawn: shape({ reason: 'string' }),
  StandingItemReported: shape({ unit: 'string', narrative: 'string', evidence: 'array?' }),
});
