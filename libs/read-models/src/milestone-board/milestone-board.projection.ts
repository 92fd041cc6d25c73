import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, type EventConsumer, type StoredEvent } from '@app/event-store';
import {
  isMilestoneEventType,
  MILESTONE_STREAM_PREFIX,
  milestoneIdFromStreamId,
  type MilestoneEvent,
  type MilestonePlannedData,
} from '@app/milestones';
import { arrayLiteral, BulkColumns, type ColumnSpec } from './bulk-columns';
import {
  FACT_SPECS,
  factsValues,
  SELECT_BOARD_STATE,
  SELECT_CURRENT_VERSIONS,
  versionFromBoardRow,
  versionFromTimelineRow,
  type BoardStateRow,
  type FactColumn,
  type PlanColumns,
  type TimelineRow,
} from './milestone-board.rows';
import {
  MilestoneTimeline,
  needsCompleteTimeline,
  stepsOf,
  withSteps,
  type HealthRef,
  type HealthStep,
  type TimelineEvent,
  type TimelineVersion,
  type TimelineResult,
} from './milestone-timeline';
import { ReadModelContext } from './read-model-context';

export const MILESTONE_BOARD_CONSUMER = 'milestone-board';

/** The projection's tables, emptied together by a rebuild. */
export const MILESTONE_BOARD_TABLES = [
  'rm_milestones',
  'rm_milestone_timeline',
  'rm_health_history',
] as const;

type TimelineColumn =
  | FactColumn
  | 'milestone_id'
  | 'effective_on'
  | 'position'
  | 'known_from'
  | 'event_type'
  | 'backdated'
  | 'health_on'
  | 'health_colour';

/** In the order of the values `writeStatement` pushes. */
const TIMELINE_SPECS: readonly ColumnSpec<TimelineColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'effective_on', type: 'date', form: 'plain' },
  { name: 'position', type: 'bigint', form: 'plain' },
  { name: 'known_from', type: 'bigint', form: 'plain', expr: 'to_timestamp(x.known_from / 1000.0)' },
  { name: 'event_type', type: 'text', form: 'plain' },
  { name: 'backdated', type: 'boolean', form: 'plain' },
  ...FACT_SPECS,
  { name: 'health_on', type: 'text', literal: 'date[]', form: 'quoted' },
  { name: 'health_colour', type: 'text', literal: 'text[]', form: 'quoted' },
];

type HistoryColumn =
  'milestone_id' | 'effective_on' | 'colour' | 'previous_colour' | 'reason_codes' | 'version_on' | 'position';

const HISTORY_SPECS: readonly ColumnSpec<HistoryColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'effective_on', type: 'date', form: 'plain' },
  { name: 'colour', type: 'text', form: 'plain' },
  { name: 'previous_colour', type: 'text', form: 'plain' },
  { name: 'reason_codes', type: 'text', form: 'quoted' },
  { name: 'version_on', type: 'date', form: 'plain' },
  { name: 'position', type: 'bigint', form: 'plain' },
];

/** Board columns that change with every event (the latest version). */
type BoardStateColumn =
  | FactColumn
  | 'milestone_id'
  | 'health_on'
  | 'health_colour'
  | 'health_codes'
  | 'before_colour'
  | 'before_codes'
  | 'last_effective_on'
  | 'last_event_type'
  | 'known_through'
  | 'position'
  | 'stream_version';

/** In the order of the values `writeStatement` pushes. */
const BOARD_STATE_SPECS: readonly ColumnSpec<BoardStateColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  ...FACT_SPECS,
  { name: 'health_on', type: 'text', literal: 'date[]', form: 'quoted' },
  { name: 'health_colour', type: 'text', literal: 'text[]', form: 'quoted' },
  { name: 'health_codes', type: 'text', literal: 'text[]' },
  { name: 'before_colour', type: 'text', form: 'plain' },
  { name: 'before_codes', type: 'text', form: 'quoted' },
  { name: 'last_effective_on', type: 'date', form: 'plain' },
  { name: 'last_event_type', type: 'text', form: 'plain' },
  { name: 'known_through', type: 'bigint', form: 'plain', expr: 'to_timestamp(x.known_through / 1000.0)' },
  { name: 'position', type: 'bigint', form: 'plain' },
  { name: 'stream_version', type: 'integer', form: 'plain' },
];

type PlanColumn = keyof PlanColumns;

const PLAN_SPECS: readonly ColumnSpec<PlanColumn>[] = [
  { name: 'plan_key', type: 'text' },
  { name: 'task_no', type: 'integer', form: 'plain' },
  { name: 'section', type: 'integer', form: 'plain' },
  { name: 'task_title', type: 'text' },
  { name: 'text', type: 'text' },
  { name: 'zones', type: 'text', literal: 'text[]' },
  { name: 'districts', type: 'text', literal: 'text[]' },
  { name: 'lead_units', type: 'text', literal: 'text[]' },
  { name: 'cooperating_units', type: 'text', literal: 'text[]' },
];

/** Events per write statement: the next chunk is computed while the database writes this one. */
const WRITE_CHUNK_EVENTS = 1000;

/**
 * Write statements queued at most (each sent when the one before it completes): Node computes the next chunks
 * while the database works through the queue.
 */
const WRITES_IN_FLIGHT = 3;

/** Milestones whose board state is kept in memory between batches (a replay of the benchmark has 100,000). */
const MAX_CACHED_BOARDS = 500_000;

/** What a batch needs of a milestone's board row. */
interface BoardState {
  /** The latest version, with its health steps. */
  readonly last: TimelineVersion;
  readonly before: HealthRef | null;
  readonly knownThroughMs: number;
}

function boardStateFromRow(r: BoardStateRow): BoardState {
  return {
    last: versionFromBoardRow(r),
    before: r.before_colour === null ? null : { colour: r.before_colour, codes: r.before_codes ?? '' },
    knownThroughMs: Number(r.known_through_ms),
  };
}

interface MilestoneResult {
  readonly id: string;
  /** The board row existed before this batch. */
  readonly existed: boolean;
  /** Plan columns an event of the batch set (MilestonePlanned / Added: all; MilestoneRevised: the text). */
  readonly plan: Partial<PlanColumns> | undefined;
  readonly result: TimelineResult;
  readonly streamVersion: number;
}

/**
 * The milestone board projection: per milestone the bitemporal timeline of fact versions, the health history
 * and the board row (see `milestone-timeline.ts` for the model). One batch = one transaction with the
 * checkpoint (the runner's); per batch it reads the board rows of the milestones the batch touches (and, only
 * for a milestone with an event dated before its latest version, its current versions), computes in memory,
 * and writes chunks of milestones with one statement each, several queued while the next are computed. The
 * board rows it wrote are remembered for the next batch only while batches follow one another in this process
 * (dropped after a failed batch, a reset, a rebuild or another process's batch), so a batch that fails
 * half-way leaves no trace anywhere. A rebuild hands it whole streams (`replayByStream`): one board row per
 * milestone instead of one update per event.
 */
@Injectable()
export class MilestoneBoardProjection implements EventConsumer, OnModuleInit {
  readonly name = MILESTONE_BOARD_CONSUMER;
  readonly batchSize = 2000;
  /** A milestone's rows depend on its own stream alone: a rebuild replays stream by stream. */
  readonly replayByStream = { streamPrefix: MILESTONE_STREAM_PREFIX };
  private readonly log = new Logger('MilestoneBoard');
  /** Board state (latest version, health before it) per milestone, as the batches of this process wrote it. */
  private readonly cache = new Map<string, BoardState>();
  /** Position of the last event of the last batch whose writes completed here; null = cache not usable. */
  private cacheEnd: number | null = null;

  constructor(
    private readonly runner: ConsumerRunner,
    private readonly context: ReadModelContext,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  /** DELETE, not TRUNCATE: a rebuild runs in one transaction, and readers keep the old rows until it commits. */
  async reset(tx: EntityManager): Promise<void> {
    this.forget();
    for (const t of [...MILESTONE_BOARD_TABLES, 'rm_board_meta']) await tx.query(`DELETE FROM ${t}`);
  }

  forget(): void {
    this.cache.clear();
    this.cacheEnd = null;
  }

  async handle(events: readonly StoredEvent[], tx: EntityManager): Promise<void> {
    if (events.length === 0) return;
    // The board cache holds what the batches of this process committed; it is valid only if this batch starts
    // right where the last one it saw ended (no failed commit, no other process, no reset in between).
    const first = events[0]!.position;
    if (this.cacheEnd === null || first !== this.cacheEnd + 1 || this.cache.size > MAX_CACHED_BOARDS) {
      this.cache.clear();
    }
    this.cacheEnd = null; // until this batch is written

    const byMilestone = new Map<string, TimelineEvent[]>();
    for (const e of events) {
      const id = milestoneIdFromStreamId(e.streamId);
      if (id === null || !isMilestoneEventType(e.type)) continue;
      const te = this.timelineEvent(e);
      const list = byMilestone.get(id);
      if (list) list.push(te);
      else byMilestone.set(id, [te]);
    }

    const ids = [...byMilestone.keys()];
    const boards = new Map<string, BoardState>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.cache.get(id);
      if (cached !== undefined) boards.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const r of await tx.query<BoardStateRow[]>(`${SELECT_BOARD_STATE} WHERE milestone_id = ANY($1)`, [
        missing,
      ])) {
        boards.set(r.milestone_id, boardStateFromRow(r));
      }
    }
    const needComplete = ids.filter((id) => {
      const b = boards.get(id);
      return (
        b !== undefined &&
        needsCompleteTimeline(
          b.last.effectiveOn,
          byMilestone.get(id)!.map((e) => e.effectiveOn),
        )
      );
    });
    const current = new Map<string, TimelineRow[]>();
    if (needComplete.length > 0) {
      for (const r of await tx.query<TimelineRow[]>(SELECT_CURRENT_VERSIONS, [needComplete])) {
        const list = current.get(r.milestone_id);
        if (list) list.push(r);
        else current.set(r.milestone_id, [r]);
      }
      // Their whole health history is rewritten (see MilestoneTimeline.result).
      await tx.query('DELETE FROM rm_health_history WHERE milestone_id = ANY($1)', [needComplete]);
    }

    // A projection batch may lose its durability, not its atomicity: if the last commits are lost in a crash,
    // the checkpoint goes with them and the events are applied again.
    await tx.query('SET LOCAL synchronous_commit = off');

    // Compute chunks of milestones while the database writes the previous ones (one statement per chunk).
    const written: MilestoneResult[] = [];
    const inFlight: Promise<unknown>[] = [];
    let chunk: MilestoneResult[] = [];
    let chunkEvents = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const statement = this.writeStatement(chunk);
      written.push(...chunk);
      chunk = [];
      chunkEvents = 0;
      if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
      // Chained, not sent at once: node-postgres wants one query at a time on a connection.
      const write = (inFlight.at(-1) ?? Promise.resolve()).then(() =>
        tx.query(statement.sql, statement.params),
      );
      write.catch(() => undefined); // awaited below; a failure aborts the transaction and fails the batch
      inFlight.push(write);
      // Let the event loop run: a write that completed meanwhile hands the connection to the next at once.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    for (const [id, list] of byMilestone) {
      const result = this.compute(id, list, boards.get(id), current.get(id));
      if (result !== undefined) chunk.push(result);
      chunkEvents += list.length;
      if (chunkEvents >= WRITE_CHUNK_EVENTS) await flush();
    }
    await flush();
    for (const write of inFlight) await write;
    if (written.length > 0) {
      let maxOn = written[0]!.result.last.effectiveOn;
      let maxKnown = 0;
      for (const { result } of written) {
        if (result.last.effectiveOn > maxOn) maxOn = result.last.effectiveOn;
        if (result.knownThroughMs > maxKnown) maxKnown = result.knownThroughMs;
      }
      await tx.query(
        `INSERT INTO rm_board_meta (id, max_effective_on, max_known_through)
         VALUES (true, $1::date, to_timestamp($2::bigint / 1000.0))
         ON CONFLICT (id) DO UPDATE SET
           max_effective_on = greatest(rm_board_meta.max_effective_on, EXCLUDED.max_effective_on),
           max_known_through = greatest(rm_board_meta.max_known_through, EXCLUDED.max_known_through)`,
        [maxOn, maxKnown],
      );
    }

    for (const { id, result } of written) {
      this.cache.set(id, {
        last: withSteps(result.last, [...result.lastSteps]),
        before: result.before,
        knownThroughMs: result.knownThroughMs,
      });
    }
    this.cacheEnd = events[events.length - 1]!.position;
  }

  private compute(
    id: string,
    list: readonly TimelineEvent[],
    board: BoardState | undefined,
    current: readonly TimelineRow[] | undefined,
  ): MilestoneResult | undefined {
    const rules = this.context.rules;
    let plan: Partial<PlanColumns> | undefined;
    const timeline =
      board === undefined
        ? new MilestoneTimeline(id, [], true, null, 0)
        : current !== undefined
          ? new MilestoneTimeline(id, current.map(versionFromTimelineRow), true, null, board.knownThroughMs)
          : new MilestoneTimeline(id, [board.last], false, board.before, board.knownThroughMs);
    for (const te of list) {
      plan = planColumns(plan, te.event, board !== undefined);
      timeline.apply(te, rules);
    }
    const result = timeline.result(rules);
    if (result === undefined || (board === undefined && plan === undefined)) {
      this.log.warn(`${id}: events for a milestone that was never planned (ignored)`);
      return undefined;
    }
    return {
      id,
      existed: board !== undefined,
      plan,
      result,
      streamVersion: list[list.length - 1]!.streamVersion,
    };
  }

  private timelineEvent(e: StoredEvent): TimelineEvent {
    const stated = Date.parse(e.metadata.occurredAt);
    const valid = Number.isFinite(stated);
    const occurredMs = valid ? stated : e.recordedAt.getTime();
    const event = {
      type: e.type,
      data: e.data,
      occurredAt: valid ? e.metadata.occurredAt : e.recordedAt.toISOString(),
      backdated: e.metadata.backdated === true,
    } as MilestoneEvent;
    return {
      position: e.position,
      streamVersion: e.version,
      event,
      occurredMs,
      recordedMs: e.recordedAt.getTime(),
      effectiveOn: this.context.rules.dayOf(occurredMs),
      backdated: e.metadata.backdated === true,
    };
  }

  /**
   * One statement writing a chunk: the new versions, the new health changes (nothing is stored at or after
   * their dates: see `historyFrom`), the new board rows and the updated ones. The parts touch disjoint rows,
   * so they may run in any order within the statement.
   */
  private writeStatement(results: readonly MilestoneResult[]): { sql: string; params: string[] } {
    const rules = this.context.rules;
    const versions = new BulkColumns(TIMELINE_SPECS);
    const history = new BulkColumns(HISTORY_SPECS);
    const inserts = new BulkColumns<BoardStateColumn | PlanColumn>([...BOARD_STATE_SPECS, ...PLAN_SPECS]);
    const updates = new BulkColumns<BoardStateColumn | PlanColumn>([...BOARD_STATE_SPECS, ...PLAN_SPECS]);

    for (const { id, existed, plan, result, streamVersion } of results) {
      for (const v of result.newVersions) {
        const steps = stepsOf(v, rules);
        versions.pushValues([
          id,
          v.effectiveOn,
          v.position,
          v.knownFromMs,
          v.eventType,
          v.backdated,
          ...factsValues(v.state, v.redFlagIn),
          stepsLiteral(steps, 'on'),
          stepsLiteral(steps, 'colour'),
        ]);
      }
      for (const h of result.history) {
        history.pushValues([id, h.effectiveOn, h.colour, h.previousColour, h.codes, h.versionOn, h.position]);
      }
      const last = result.last;
      (existed ? updates : inserts).pushValues([
        id,
        ...factsValues(last.state, last.redFlagIn),
        stepsLiteral(result.lastSteps, 'on'),
        stepsLiteral(result.lastSteps, 'colour'),
        arrayLiteral(result.lastSteps.map((st) => st.codes)),
        result.before?.colour ?? null,
        result.before?.codes ?? null,
        last.effectiveOn,
        last.eventType,
        result.knownThroughMs,
        last.position,
        streamVersion,
        plan?.plan_key ?? null,
        plan?.task_no ?? null,
        plan?.section ?? null,
        plan?.task_title ?? null,
        plan?.text ?? null,
        plan?.zones ? arrayLiteral(plan.zones) : null,
        plan?.districts ? arrayLiteral(plan.districts) : null,
        plan?.lead_units ? arrayLiteral(plan.lead_units) : null,
        plan?.cooperating_units ? arrayLiteral(plan.cooperating_units) : null,
      ]);
    }

    const params: string[] = [];
    const parts: string[] = [];
    const add = <K extends string>(cols: BulkColumns<K>, sql: (select: string) => string) => {
      if (cols.length === 0) return;
      parts.push(`w${parts.length} AS (${sql(cols.select(params.length + 1))})`);
      params.push(...cols.params());
    };
    add(versions, (select) => `INSERT INTO rm_milestone_timeline (${versions.names()}) ${select}`);
    add(history, (select) => `INSERT INTO rm_health_history (${history.names()}) ${select}`);
    add(inserts, (select) => `INSERT INTO rm_milestones (${inserts.names()}) ${select}`);
    // Plan columns change only with a plan event of the batch (null otherwise: keep).
    const set = [
      ...BOARD_STATE_SPECS.filter((c) => c.name !== 'milestone_id').map((c) => `${c.name} = u.${c.name}`),
      ...PLAN_SPECS.map((c) => `${c.name} = coalesce(u.${c.name}, b.${c.name})`),
    ];
    add(
      updates,
      (select) =>
        `UPDATE rm_milestones b SET ${set.join(', ')} FROM (${select}) AS u(${updates.names()})
          WHERE b.milestone_id = u.milestone_id`,
    );
    return { sql: `WITH ${parts.join(', ')} SELECT 1`, params };
  }
}

/** `{2021-01-01,2021-06-16}`: dates and colours need no quoting inside the literal. */
function stepsLiteral(steps: readonly HealthStep[], field: 'on' | 'colour'): string {
  let out = '{';
  for (let i = 0; i < steps.length; i++) out += (i > 0 ? ',' : '') + steps[i]![field];
  return `${out}}`;
}

/**
 * Plan columns after an event: all set by MilestonePlanned / MilestoneAdded; MilestoneRevised changes the text
 * (of the columns known in this batch, or, for a milestone already on the board, as an update of that column).
 */
function planColumns(
  plan: Partial<PlanColumns> | undefined,
  e: MilestoneEvent,
  onBoard: boolean,
): Partial<PlanColumns> | undefined {
  switch (e.type) {
    case 'MilestonePlanned':
    case 'MilestoneAdded': {
      const d: MilestonePlannedData = e.data;
      return {
        plan_key: d.planKey,
        task_no: d.taskNo,
        section: d.section,
        task_title: d.taskTitle,
        text: d.text,
        zones: [...d.zones],
        districts: [...d.districts],
        lead_units: [...d.leadUnits],
        cooperating_units: [...d.cooperatingUnits],
      };
    }
    case 'MilestoneRevised':
      return plan !== undefined || onBoard ? { ...plan, text: e.data.text } : plan;
    default:
      return plan;
  }
}
