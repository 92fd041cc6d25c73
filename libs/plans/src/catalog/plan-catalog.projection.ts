import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, type EventConsumer, type RecordedEvent } from '@app/event-store';
import {
  MILESTONE_EVENTS,
  milestoneIdFromStreamId,
  STANDING_ITEM_EVENTS,
  standingItemIdFromStreamId,
} from '@app/milestones';
import { PLAN_EVENTS, PLAN_IMPORTED, type PlanImportedData } from '../import/plan-events';

export const PLAN_CATALOG_CONSUMER = 'plan-catalog';

/** The events the catalog reads (the plan, and the plan import's milestone and standing-item events). */
const CATALOG_EVENTS = PLAN_EVENTS.and(
  MILESTONE_EVENTS.pick('MilestonePlanned', 'MilestoneAdded', 'MilestoneRevised', 'MilestoneWithdrawn'),
).and(STANDING_ITEM_EVENTS.pick('StandingItemPlanned', 'StandingItemRevised', 'StandingItemWithdrawn'));

/** Reference data (plans, units, tasks, milestones as planned), from the plan events. */
@Injectable()
export class PlanCatalogProjection implements EventConsumer, OnModuleInit {
  readonly name = PLAN_CATALOG_CONSUMER;
  /** Exactly what `handle` reads: batches of other events only move the checkpoint. */
  readonly types = CATALOG_EVENTS.types;

  constructor(private readonly runner: ConsumerRunner) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const e of CATALOG_EVENTS.filter(events)) {
      switch (e.type) {
        case PLAN_IMPORTED:
          await this.planImported(e.data, e.recordedAt, tx);
          break;
        case 'MilestonePlanned':
        case 'MilestoneAdded': {
          const d = e.data;
          await tx.query(
            `INSERT INTO plan_milestones (id, plan_key, task_no, section, period_from, period_to, due_date, text, withdrawn, stream_version, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, $10)
             ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, due_date = EXCLUDED.due_date, withdrawn = false,
               stream_version = EXCLUDED.stream_version, data = EXCLUDED.data`,
            [
              d.milestoneId,
              d.planKey,
              d.taskNo,
              d.section,
              d.period.from,
              d.period.to,
              d.dueDate,
              d.text,
              e.version,
              JSON.stringify(d),
            ],
          );
          break;
        }
        case 'MilestoneRevised': {
          // The revised fields replace the planned ones (responsibility and places only when they changed).
          const { previousText: _previous, ...patch } = e.data;
          await tx.query(
            `UPDATE plan_milestones SET text = $2, due_date = $3::date, withdrawn = false, stream_version = $4,
               data = data || $5::jsonb
             WHERE id = $1`,
            [
              milestoneIdFromStreamId(e.streamId),
              patch.text,
              patch.dueDate,
              e.version,
              JSON.stringify(patch),
            ],
          );
          break;
        }
        case 'StandingItemPlanned': {
          const d = e.data;
          await tx.query(
            `INSERT INTO plan_standing_items (id, plan_key, task_no, kind, text, withdrawn, stream_version, data)
             VALUES ($1, $2, $3, $4, $5, false, $6, $7)
             ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, text = EXCLUDED.text, withdrawn = false,
               stream_version = EXCLUDED.stream_version, data = EXCLUDED.data`,
            [d.itemId, d.planKey, d.taskNo, d.kind, d.text, e.version, JSON.stringify(d)],
          );
          break;
        }
        case 'StandingItemRevised': {
          const d = e.data;
          await tx.query(
            `UPDATE plan_standing_items SET text = $2, withdrawn = false, stream_version = $3,
               data = data || jsonb_build_object('text', $2::text) WHERE id = $1`,
            [standingItemIdFromStreamId(e.streamId), d.text, e.version],
          );
          break;
        }
        case 'StandingItemWithdrawn':
          await tx.query(
            'UPDATE plan_standing_items SET withdrawn = true, stream_version = $2 WHERE id = $1',
            [standingItemIdFromStreamId(e.streamId), e.version],
          );
          break;
        case 'MilestoneWithdrawn':
          await tx.query('UPDATE plan_milestones SET withdrawn = true, stream_version = $2 WHERE id = $1', [
            milestoneIdFromStreamId(e.streamId),
            e.version,
          ]);
          break;
      }
    }
  }

  private async planImported(d: PlanImportedData, at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO plan_plans (plan_key, title, document_sha256, source_name, imported_at, model)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (plan_key) DO UPDATE SET title = EXCLUDED.title, document_sha256 = EXCLUDED.document_sha256,
         source_name = EXCLUDED.source_name, revised_at = EXCLUDED.imported_at, model = EXCLUDED.model`,
      [d.planKey, d.title, d.documentSha256, d.sourceName, at, JSON.stringify(d.model)],
    );
    for (const u of d.model.units) {
      await tx.query(
        `INSERT INTO plan_units (id, plan_key, name, kind, district, aliases) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, district = EXCLUDED.district,
           aliases = EXCLUDED.aliases`,
        [u.id, d.planKey, u.name, u.kind, u.district ?? null, JSON.stringify(u.aliases)],
      );
    }
    for (const t of d.model.tasks) {
      const { milestones: _m, ...task } = t;
      await tx.query(
        `INSERT INTO plan_tasks (plan_key, no, section, title, data) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (plan_key, no) DO UPDATE SET section = EXCLUDED.section, title = EXCLUDED.title, data = EXCLUDED.data`,
        [d.planKey, t.no, t.section, t.title, JSON.stringify(task)],
      );
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE plan_standing_items, plan_milestones, plan_tasks, plan_units, plan_plans');
  }
}
