import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type Actor,
  type AppendRequest,
  ConsumerRunner,
  deterministicUuid,
  EventStore,
  type NewEvent,
  stableJson,
} from '@app/event-store';
import { Clock, endOfDayInZone } from '@app/platform';
import { milestoneStreamId, type MilestonePlannedData, type MilestoneRevisedData } from '@app/milestones';
import type { Milestone, ParsedPlan, PlanTask } from '../model/plan.model';
import { parsePlanDocument } from '../parser/plan-document.parser';
import { PLAN_IMPORTED, type PlanImportedData, planStreamId } from './plan-events';
import { PLAN_CATALOG_CONSUMER } from '../catalog/plan-catalog.projection';
import { checkPlanDocumentText } from './plan-document.reader';

export interface PlanImportResult {
  /** `imported` (first time), `revised` (differences appended) or `unchanged` (nothing written). */
  readonly status: 'imported' | 'revised' | 'unchanged';
  readonly planKey: string;
  readonly documentSha256: string;
  readonly eventsWritten: number;
  readonly milestones: number;
  readonly added: readonly string[];
  readonly revised: readonly string[];
  readonly withdrawn: readonly string[];
  /** The position reached (pass it as X-Min-Position to read your own write). */
  readonly position: number;
}

interface CatalogMilestone {
  id: string;
  withdrawn: boolean;
  data: MilestonePlannedData;
  /** The stream version of the latest plan event the catalogue applied to the milestone. */
  stream_version: number;
}

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
    cooperatingUnits: [...task.cooperatingUnitIds],
    zones: task.zones.map((z) => z.name),
    districts: task.districts.map((d) => d.name),
    startDate: m.startDate,
    dueDateSource: m.dueDateSource,
    documentSha256,
  } satisfies MilestonePlannedData & Record<string, unknown>;
}

/** jsonb does not keep key order: compare canonically. */
const sameJson = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

/**
 * Imports a plan document as events. The first import appends `PlanImported` and one
 * `MilestonePlanned` per milestone in one transaction; the same document again writes nothing;
 * a revised document appends only its differences (`MilestoneAdded`, `MilestoneRevised`,
 * `MilestoneWithdrawn`). Event ids derive from the document, the milestone and the version a change applies
 * to, so a retry is a no-op and a document imported again after another one is a change again.
 */
@Injectable()
export class PlanImportService {
  private readonly log = new Logger('PlanImport');

  constructor(
    private readonly store: EventStore,
    private readonly runner: ConsumerRunner,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async importDocument(
    text: string,
    opts: { sourceName?: string | null; actor: Actor; planKey?: string; correlationId?: string },
  ): Promise<PlanImportResult> {
    const plan = parsePlanDocument(checkPlanDocumentText(text), {
      ...(opts.planKey ? { planKey: opts.planKey } : {}),
      ...(opts.sourceName ? { sourceName: opts.sourceName } : {}),
    });
    const sha = plan.source.sha256;
    const now = this.clock.now().toISOString();
    const meta = (occurredAt: string) => ({
      occurredAt,
      actor: opts.actor,
      ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
    });
    const milestones = plan.tasks.flatMap((t) => t.milestones.map((m) => ({ task: t, m })));
    const existing = await this.store.readStream(planStreamId(plan.planKey));
    const base = {
      planKey: plan.planKey,
      documentSha256: sha,
      milestones: milestones.length,
    };

    if (existing.length === 0) {
      // The plan was in force from the start of its first year: that is when its milestones "happened".
      const firstYear = Math.min(...milestones.map(({ m }) => m.period.from));
      const planStart = endOfDayInZone(`${firstYear - 1}-12-31`).toISOString();
      const planned: PlanImportedData = {
        planKey: plan.planKey,
        title: plan.title,
        documentSha256: sha,
        sourceName: plan.source.name,
        model: plan,
        milestoneCount: milestones.length,
      };
      const requests: AppendRequest[] = [
        {
          streamId: planStreamId(plan.planKey),
          expected: 'no_stream',
          events: [
            {
              eventId: deterministicUuid(`${plan.planKey}/${sha}/PlanImported`),
              type: PLAN_IMPORTED,
              data: planned,
              metadata: meta(now),
            },
          ],
        },
        ...milestones.map(({ task, m }) => ({
          streamId: milestoneStreamId(m.id),
          expected: 'no_stream' as const,
          events: [
            {
              eventId: deterministicUuid(`${m.id}/${sha}/MilestonePlanned`),
              type: 'MilestonePlanned',
              data: plannedData(plan, task, m, sha),
              metadata: meta(planStart),
            },
          ],
        })),
      ];
      const results = await this.store.appendMulti(requests);
      this.log.log(
        `imported plan ${plan.planKey} (${milestones.length} milestones, sha256 ${sha.slice(0, 12)}…)`,
      );
      return {
        ...base,
        status: 'imported',
        eventsWritten: requests.length,
        added: [],
        revised: [],
        withdrawn: [],
        position: Math.max(...results.map((r) => r.position)),
      };
    }

    // A later document: compare with the milestones as the catalogue knows them now.
    await this.runner.catchUp(PLAN_CATALOG_CONSUMER);
    const rows = await this.dataSource.query<CatalogMilestone[]>(
      'SELECT id, withdrawn, data, stream_version FROM plan_milestones WHERE plan_key = $1',
      [plan.planKey],
    );
    const current = new Map(rows.map((r) => [r.id, r]));
    const requests: AppendRequest[] = [];
    const added: string[] = [];
    const revised: string[] = [];
    const withdrawn: string[] = [];
    // The id names the transition (milestone, document, type, the version it applies to): a retry of this import
    // writes nothing, while a document imported again after another (A, B, A) changes the milestone again.
    const ev = (m: string, type: string, data: unknown): NewEvent => ({
      eventId: deterministicUuid(
        current.has(m) ? `${m}/${sha}/${type}/v${current.get(m)!.stream_version}` : `${m}/${sha}/${type}`,
      ),
      type,
      data,
      metadata: meta(now),
    });
    for (const { task, m } of milestones) {
      const next = plannedData(plan, task, m, sha);
      const cur = current.get(m.id);
      if (!cur) {
        added.push(m.id);
        requests.push({
          streamId: milestoneStreamId(m.id),
          expected: 'no_stream',
          events: [ev(m.id, 'MilestoneAdded', next)],
        });
        continue;
      }
      const changed =
        cur.withdrawn ||
        cur.data.text !== next.text ||
        cur.data.dueDate !== next.dueDate ||
        !sameJson(cur.data.indicators, next.indicators);
      if (changed) {
        revised.push(m.id);
        const data: MilestoneRevisedData & { documentSha256: string } = {
          text: next.text,
          dueDate: next.dueDate,
          indicators: next.indicators,
          previousText: cur.data.text,
          documentSha256: sha,
        };
        requests.push({
          streamId: milestoneStreamId(m.id),
          expected: 'any',
          events: [ev(m.id, 'MilestoneRevised', data)],
        });
      }
    }
    const inDocument = new Set(milestones.map(({ m }) => m.id));
    for (const cur of rows) {
      if (cur.withdrawn || inDocument.has(cur.id)) continue;
      withdrawn.push(cur.id);
      requests.push({
        streamId: milestoneStreamId(cur.id),
        expected: 'any',
        events: [
          ev(cur.id, 'MilestoneWithdrawn', {
            reason: `不在修订后的计划文档中（sha256 ${sha.slice(0, 12)}…）`,
            documentSha256: sha,
          }),
        ],
      });
    }
    if (requests.length === 0) {
      return {
        ...base,
        status: 'unchanged',
        eventsWritten: 0,
        added,
        revised,
        withdrawn,
        position: await this.store.headPosition(),
      };
    }
    const results = await this.store.appendMulti(requests);
    this.log.log(`revised plan ${plan.planKey}: +${added.length} ~${revised.length} -${withdrawn.length}`);
    return {
      ...base,
      status: 'revised',
      eventsWritten: requests.length,
      added,
      revised,
      withdrawn,
      position: Math.max(...results.map((r) => r.position)),
    };
  }

  /** Whether any plan has been imported (for the seed import on start). */
  async hasAnyPlan(planKey: string): Promise<boolean> {
    return (await this.store.readStream(planStreamId(planKey))).length > 0;
  }
}
