import { type PreparedStatement, preparedStatement } from '@app/platform';
import type { TimelineResult } from './assignment-timeline';
import type { PlanColumns } from './board-rows';
import { BulkColumns, type ColumnSpec } from './bulk-columns';
import { FACT_SPECS, factsValues, type FactColumn } from './fact-columns';
import { stepsOf, type TimelineRules } from './health-steps';
import { packVersions } from './version-pack';
import { SEGMENT_SPECS, SEGMENTS_AFTER, segmentParts } from './version-segments';
import { BOARD_SPECS, BOARD_SPECS_SAME_PLAN, boardValues, type BoardColumn } from './board-columns';

/** An assignment a batch changed. */
export interface WrittenAssignment {
  readonly key: string;
  readonly leadUnits: readonly string[];
  /** Its place in the milestone's plan order. */
  readonly no: number;
  /** Its board row existed before the batch. */
  readonly existed: boolean;
  readonly result: TimelineResult;
}

/** What a batch writes for one milestone: its plan columns (on each of its rows) and the assignments it changed. */
export interface MilestoneWrite {
  readonly id: string;
  readonly plan: PlanColumns;
  /** The batch changed the plan columns (a plan event): its updated rows write them too. */
  readonly planChanged: boolean;
  readonly assignments: readonly WrittenAssignment[];
}

type TimelineColumn =
  | FactColumn
  | 'milestone_id'
  | 'assignment'
  | 'effective_on'
  | 'position'
  | 'known_from'
  | 'event_type'
  | 'backdated';

/** In the order of the values `writeStatement` pushes. */
const TIMELINE_SPECS: readonly ColumnSpec<TimelineColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'assignment', type: 'text' },
  { name: 'effective_on', type: 'date', form: 'plain' },
  { name: 'position', type: 'bigint', form: 'plain' },
  { name: 'known_from', type: 'bigint', form: 'plain', expr: 'to_timestamp(x.known_from / 1000.0)' },
  { name: 'event_type', type: 'text', form: 'plain' },
  { name: 'backdated', type: 'boolean', form: 'plain' },
  ...FACT_SPECS,
];

type HistoryColumn =
  | 'milestone_id'
  | 'assignment'
  | 'effective_on'
  | 'colour'
  | 'previous_colour'
  | 'reason_codes'
  | 'version_on'
  | 'position';

const HISTORY_SPECS: readonly ColumnSpec<HistoryColumn>[] = [
  { name: 'milestone_id', type: 'text' },
  { name: 'assignment', type: 'text' },
  { name: 'effective_on', type: 'date', form: 'plain' },
  { name: 'colour', type: 'text', form: 'plain' },
  { name: 'previous_colour', type: 'text', form: 'plain' },
  { name: 'reason_codes', type: 'text', form: 'quoted' },
  { name: 'version_on', type: 'date', form: 'plain' },
  { name: 'position', type: 'bigint', form: 'plain' },
];

/** The write statements by shape (which parts they have): their text depends on nothing else. */
const byShape = new Map<string, PreparedStatement>();

/**
 * The statement's last part: the generation row (`rm_board_meta.rebuilt_at`, created by the first write after a
 * reset), and the transaction's commit made asynchronous. A projection batch may lose its durability, not its
 * atomicity: if the last commits are lost in a crash, the checkpoint goes with them and the events are applied
 * again. Data-modifying parts always run; `set_config` runs as the statement's result, in the batch's transaction.
 */
const TAIL = `meta AS (INSERT INTO rm_board_meta (id) VALUES (true) ON CONFLICT (id) DO NOTHING)
  SELECT set_config('synchronous_commit', 'off', true)`;

/**
 * One statement writing a chunk: the new versions, the new health changes (nothing is stored at or after
 * their dates: see `historyFrom`, and `historyDeleteStatement` for the rewritten ones), the new board rows and the
 * updated ones (without the plan columns when the batch left the milestone's plan as it was: 40 % of a report's
 * bytes), per assignment a segment of its new versions packed (`version-segments.ts`), and `TAIL`. The parts
 * touch disjoint rows, so they may run in any order within the statement. Prepared: a chunk's values travel as
 * one array per column, so a statement has one text per shape, which each connection parses and plans once
 * (planning it took as long as running it).
 */
export function writeStatement(
  writes: readonly MilestoneWrite[],
  rules: TimelineRules,
): { statement: PreparedStatement; params: string[] } {
  const versions = new BulkColumns(TIMELINE_SPECS);
  const history = new BulkColumns(HISTORY_SPECS);
  const inserts = new BulkColumns(BOARD_SPECS);
  const updates = new BulkColumns(BOARD_SPECS);
  const samePlan = new BulkColumns(BOARD_SPECS_SAME_PLAN);
  const segments = new BulkColumns(SEGMENT_SPECS);

  for (const { id, plan, planChanged, assignments } of writes) {
    for (const { key, leadUnits, no, existed, result } of assignments) {
      for (const v of result.newVersions) {
        versions.pushValues(
          [id, key, v.effectiveOn, v.position, v.knownFromMs, v.eventType, v.backdated],
          factsValues(v.state, v.redFlagIn),
        );
      }
      for (const h of result.history) {
        history.pushValues([
          id,
          key,
          h.effectiveOn,
          h.colour,
          h.previousColour,
          h.codes,
          h.versionOn,
          h.position,
        ]);
      }
      const added = result.newVersions.length > 0 ? 1 : 0;
      if (added > 0) {
        const pack = packVersions(result.newVersions.map((v) => ({ version: v, steps: stepsOf(v, rules) })));
        let position = 0;
        for (const v of result.newVersions) if (v.position > position) position = v.position;
        segments.pushValues([id, key, position, pack.toString('base64')]);
      }
      if (!existed) inserts.pushValues(boardValues(id, plan, key, leadUnits, no, result, added));
      else if (planChanged) updates.pushValues(boardValues(id, plan, key, leadUnits, no, result, added));
      else samePlan.pushValues(boardValues(id, undefined, key, leadUnits, no, result, added));
    }
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
  for (const u of [updates, samePlan]) {
    add(
      u,
      (select) =>
        `UPDATE rm_milestones b SET ${setList(u.specs)} FROM (${select}) AS u(${u.names()})
          WHERE b.milestone_id = u.milestone_id AND b.assignment = u.assignment`,
    );
  }
  if (segments.length > 0) {
    parts.push(...segmentParts(segments.select(params.length + 1)));
    params.push(...segments.params());
  }
  const shape = [versions, history, inserts, updates, samePlan, segments]
    .map((c) => (c.length > 0 ? 1 : 0))
    .join('');
  let statement = byShape.get(shape);
  if (statement === undefined) {
    statement = preparedStatement(`WITH ${[...parts, TAIL].join(', ')}`);
    byShape.set(shape, statement);
  }
  return { statement, params };
}

/** The `SET` list of a board row update from the values `u` (of those columns). */
function setList(specs: readonly ColumnSpec<BoardColumn>[]): string {
  return specs
    .filter((c) => c.name !== 'milestone_id' && c.name !== 'assignment')
    .map((c) =>
      c.name === 'segments'
        ? `segments = CASE WHEN u.segments = 0 THEN b.segments ELSE ${SEGMENTS_AFTER} END`
        : `${c.name} = u.${c.name}`,
    )
    .join(', ');
}

/** Deletes the stored history of the assignments whose whole history a chunk rewrites; undefined: none. */
export function historyDeleteStatement(
  writes: readonly MilestoneWrite[],
): { sql: string; params: string[][] } | undefined {
  const ids: string[] = [];
  const keys: string[] = [];
  for (const w of writes) {
    for (const a of w.assignments) {
      if (a.existed && a.result.rewritesHistory) {
        ids.push(w.id);
        keys.push(a.key);
      }
    }
  }
  if (ids.length === 0) return undefined;
  return {
    sql: `DELETE FROM rm_health_history h USING unnest($1::text[], $2::text[]) AS x(milestone_id, assignment)
           WHERE h.milestone_id = x.milestone_id AND h.assignment = x.assignment`,
    params: [ids, keys],
  };
}
