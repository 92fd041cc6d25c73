import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type Actor,
  type AppendRequest,
  ConsumerRunner,
  deterministicUuid,
  EventStore,
  type NewEvent,
} from '@app/event-store';
import { milestoneStreamId, standingStreamId } from '@app/milestones';
import { Clock, endOfDayInZone } from '@app/platform';
import { PLAN_CATALOG_CONSUMER } from '../catalog/plan-catalog.projection';
import { parsePlanDocument } from '../parser/plan-document.parser';
import { milestoneChanges, plannedData, type CatalogMilestone } from './milestone-changes';
import { PLAN_IMPORTED, type PlanImportedData, planStreamId } from './plan-events';
import { standingItemChanges, standingItemsOf, type CatalogStandingItem } from './standing-items.import';
import { checkPlanDocumentText } from './plan-document.reader';

export { plannedData } from './milestone-changes';

interface Changes {
  readonly added: readonly string[];
  readonly revised: readonly string[];
  readonly withdrawn: readonly string[];
}

/** What an import did: `imported` (first time), `revised` (differences appended) or `unchanged` (nothing written). */
export const PLAN_IMPORT_STATUSES = ['imported', 'revised', 'unchanged'] as const;

export interface PlanImportResult extends Changes {
  readonly status: (typeof PLAN_IMPORT_STATUSES)[number];
  readonly planKey: string;
  readonly documentSha256: string;
  readonly eventsWritten: number;
  /** Milestones in the document (`added`/`revised`/`withdrawn` are milestone ids). */
  readonly milestones: number;
  /** Standing items (常态化事项) planned, revised and withdrawn by this import. */
  readonly standingItems: Changes;
  /** The position reached (pass it as X-Min-Position to read your own write). */
  readonly position: number;
}

const NONE: Changes = { added: [], revised: [], withdrawn: [] };

/**
 * Imports a plan document as events. The first import appends `PlanImported`, one `MilestonePlanned` per
 * milestone and one `StandingItemPlanned` per undated line, in one transaction; the same document again writes
 * nothing; a revised document appends only its differences (`MilestoneAdded` / `MilestoneRevised` /
 * `MilestoneWithdrawn`, and the same for standing items). Event ids derive from the document, the item and the
 * version a change applies to, so a retry is a no-op and a document imported again after another one is a change
 * again.
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
    const planned = plan.tasks.flatMap((t) => t.milestones.map((m) => plannedData(plan, t, m, sha)));
    const standing = standingItemsOf(plan);
    const base = { planKey: plan.planKey, documentSha256: sha, milestones: planned.length };

    if ((await this.store.readStream(planStreamId(plan.planKey))).length === 0) {
      // The plan was in force from the start of its first year: that is when its milestones "happened".
      const firstYear = Math.min(...planned.map((m) => m.period.from));
      const planStart = meta(endOfDayInZone(`${firstYear - 1}-12-31`).toISOString());
      const first = (
        streamId: string,
        id: string,
        type: string,
        data: unknown,
        metadata = planStart,
      ): AppendRequest => ({
        streamId,
        expected: 'no_stream',
        events: [{ eventId: deterministicUuid(`${id}/${sha}/${type}`), type, data, metadata }],
      });
      const imported: PlanImportedData = {
        planKey: plan.planKey,
        title: plan.title,
        documentSha256: sha,
        sourceName: plan.source.name,
        model: plan,
        milestoneCount: planned.length,
      };
      const requests: AppendRequest[] = [
        // The import itself happened now; the milestones and standing items are dated at the plan's start.
        first(planStreamId(plan.planKey), plan.planKey, PLAN_IMPORTED, imported, meta(now)),
        ...planned.map((m) => first(milestoneStreamId(m.milestoneId), m.milestoneId, 'MilestonePlanned', m)),
        ...standing.map((s) => first(standingStreamId(s.itemId), s.itemId, 'StandingItemPlanned', s)),
      ];
      const results = await this.store.appendMulti(requests);
      this.log.log(
        `imported plan ${plan.planKey} (${planned.length} milestones, sha256 ${sha.slice(0, 12)}…)`,
      );
      return {
        ...base,
        ...NONE,
        status: 'imported',
        eventsWritten: requests.length,
        standingItems: { ...NONE, added: standing.map((s) => s.itemId) },
        position: Math.max(...results.map((r) => r.position)),
      };
    }

    // A later document: compare with the milestones and standing items as the catalogue knows them now.
    await this.runner.catchUp(PLAN_CATALOG_CONSUMER);
    const [milestoneRows, standingRows] = await Promise.all([
      this.dataSource.query<CatalogMilestone[]>(
        'SELECT id, withdrawn, data, stream_version FROM plan_milestones WHERE plan_key = $1',
        [plan.planKey],
      ),
      this.dataSource.query<CatalogStandingItem[]>(
        'SELECT id, withdrawn, text, stream_version FROM plan_standing_items WHERE plan_key = $1',
        [plan.planKey],
      ),
    ]);
    // The id names the transition (item, document, type, the version it applies to): a retry of this import
    // writes nothing, while a document imported again after another (A, B, A) changes the item again.
    const ev = (id: string, version: number | undefined, type: string, data: unknown): NewEvent => ({
      eventId: deterministicUuid(
        version === undefined ? `${id}/${sha}/${type}` : `${id}/${sha}/${type}/v${version}`,
      ),
      type,
      data,
      metadata: meta(now),
    });
    const m = milestoneChanges(planned, new Map(milestoneRows.map((r) => [r.id, r])), ev, sha);
    const s = standingItemChanges(
      standing,
      new Map(standingRows.map((r) => [r.id, r])),
      ev,
      `不在修订后的计划文档中（sha256 ${sha.slice(0, 12)}…）`,
    );
    const requests = [...m.requests, ...s.requests];
    const changes = {
      added: m.added,
      revised: m.revised,
      withdrawn: m.withdrawn,
      standingItems: { added: s.added, revised: s.revised, withdrawn: s.withdrawn },
    };
    if (requests.length === 0) {
      return {
        ...base,
        ...changes,
        status: 'unchanged',
        eventsWritten: 0,
        position: await this.store.headPosition(),
      };
    }
    const results = await this.store.appendMulti(requests);
    this.log.log(
      `revised plan ${plan.planKey}: milestones +${m.added.length} ~${m.revised.length} -${m.withdrawn.length}, ` +
        `standing items +${s.added.length} ~${s.revised.length} -${s.withdrawn.length}`,
    );
    return {
      ...base,
      ...changes,
      status: 'revised',
      eventsWritten: requests.length,
      position: Math.max(...results.map((r) => r.position)),
    };
  }

  /** The position of the plan's latest import event (`undefined`: never imported), for the seed import on start. */
  async planPosition(planKey: string): Promise<number | undefined> {
    return (await this.store.readStream(planStreamId(planKey))).at(-1)?.position;
  }
}
