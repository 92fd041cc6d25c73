import {
  healthHistory,
  type FactsSnapshot,
  healthAt,
  type HealthAssessment,
  type HealthColour,
  type HealthReason,
  MilestoneError,
  MilestoneErrorCode,
} from '@app/milestones';
import { Injectable } from '@nestjs/common';
import type { IsoDate } from '@app/platform';
import type { TimelineVersion } from '../milestone-board/assignment-timeline';
import {
  beforeOf,
  SELECT_BOARD_STATE,
  TIMELINE_ROW_COLUMNS,
  versionFromBoardRow,
  versionFromTimelineRow,
  type BoardStateRow,
  type TimelineRow,
} from '../milestone-board/board-rows';
import { factsOf } from '../milestone-board/facts-state';
import { stateFromRow } from '../milestone-board/fact-columns';
import { stepsOf } from '../milestone-board/health-steps';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { header, milestoneNotFound } from './milestone-board.queries';
import { HEALTH_LABELS_ZH } from '@app/milestones/labels';
import { parseTimeTravel, textOf, type TimeTravel, type TimeTravelParams } from './read-model-params';
import type { HealthChangeView, HealthHistoryView } from './health-history.view';
import { ReadSnapshot } from './read-snapshot';

export interface HealthHistoryParams extends TimeTravelParams {
  /** The assignment's key; needed when the milestone has several. */
  readonly assignment?: string;
}

interface Found {
  readonly changes: HealthChangeView[];
  readonly current: HealthAssessment;
}

interface StoredChange {
  effective_on: IsoDate;
  colour: HealthColour;
  previous_colour: HealthColour | null;
  version_on: IsoDate;
  position: string;
}

type Queryable = { query: <T>(sql: string, params?: unknown[]) => Promise<T> };

/**
 * The health history of an assignment. With everything known (no knownAt), from the stored changes plus the
 * latest version's steps (the open span: changes that come by the passage of time alone, e.g. overdue the day
 * after the due date). With knownAt, recomputed by the rules' `healthHistory` over the versions known then.
 */
@Injectable()
export class HealthHistoryQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly snapshot: ReadSnapshot,
  ) {}

  async history(milestoneId: string, params: HealthHistoryParams): Promise<HealthHistoryView> {
    const tt = parseTimeTravel(params, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
    const named = textOf(params.assignment, 'assignment');
    return this.snapshot.run(async (m, position) => {
      const boards = await m.query<BoardStateRow[]>(
        `${SELECT_BOARD_STATE} WHERE milestone_id = $1 ORDER BY assignment_no`,
        [milestoneId],
      );
      if (boards.length === 0) throw milestoneNotFound(milestoneId, tt);
      const board = pickAssignment(boards, named);
      const found =
        tt.knownAt === null ? await this.stored(m, board, tt) : await this.recomputed(m, board, tt);
      if (found === null) throw milestoneNotFound(milestoneId, tt);
      const { changes, current } = found;
      let since = changes.length;
      while (since > 0 && changes[since - 1]!.colour === current.colour) since--;
      return {
        ...header(tt, position),
        milestoneId,
        assignment: { key: board.assignment, leadUnits: board.assignment_lead_units },
        assignments: boards.map((b) => ({ key: b.assignment, leadUnits: b.assignment_lead_units })),
        current: {
          colour: current.colour,
          colourZh: HEALTH_LABELS_ZH[current.colour],
          reasons: current.reasons,
          since: changes[since]?.effectiveOn ?? tt.asOf,
          changedOn: changes.at(-1)?.effectiveOn ?? tt.asOf,
        },
        changes,
      };
    });
  }

  private async stored(m: Queryable, board: BoardStateRow, tt: TimeTravel): Promise<Found | null> {
    const key = [board.milestone_id, board.assignment];
    const [first] = await m.query<{ first: IsoDate | null }[]>(
      `SELECT min(effective_on)::text AS first FROM rm_milestone_timeline WHERE milestone_id = $1 AND assignment = $2`,
      key,
    );
    if (first?.first === null || first?.first === undefined || first.first > tt.asOf) return null;
    const rows = await m.query<StoredChange[]>(
      `SELECT effective_on::text AS effective_on, colour, previous_colour, version_on::text AS version_on, position
         FROM rm_health_history WHERE milestone_id = $1 AND assignment = $2 AND effective_on <= $3::date
        ORDER BY effective_on`,
      [...key, tt.asOf],
    );
    // The versions that produced them: their facts give the reasons' texts and figures.
    const versions = new Map(
      (
        await m.query<TimelineRow[]>(
          `SELECT ${TIMELINE_ROW_COLUMNS} FROM rm_milestone_timeline t
            WHERE milestone_id = $1 AND assignment = $2 AND (effective_on, position) IN
                  (SELECT * FROM unnest($3::date[], $4::bigint[]))`,
          [...key, rows.map((r) => r.version_on), rows.map((r) => r.position)],
        )
      ).map((r) => [
        `${r.effective_on}/${String(r.position)}`,
        versionFromTimelineRow(r, board.assignment_lead_units),
      ]),
    );
    const changes = rows.map((r) => {
      const v = versions.get(`${r.version_on}/${r.position}`);
      return view(
        r.effective_on,
        r.colour,
        r.previous_colour,
        v ? this.healthOn(v, r.effective_on).reasons : [],
      );
    });
    const last = versionFromBoardRow(board);
    if (board.last_effective_on <= tt.asOf) {
      // The open span: the latest version's steps, continuing the stored changes.
      let ref = beforeOf(board);
      for (const s of stepsOf(last, this.context.rules)) {
        if (s.on > tt.asOf) break;
        if (ref !== null && ref.colour === s.colour && ref.codes === s.codes) continue;
        changes.push(view(s.on, s.colour, ref?.colour ?? null, this.healthOn(last, s.on).reasons));
        ref = s;
      }
      return { changes, current: this.healthOn(last, tt.asOf) };
    }
    // Before the latest version: the version in force on asOf.
    const [row] = await m.query<TimelineRow[]>(
      `SELECT ${TIMELINE_ROW_COLUMNS} FROM rm_milestone_timeline t
        WHERE milestone_id = $1 AND assignment = $2 AND effective_on <= $3::date
        ORDER BY effective_on DESC, position DESC LIMIT 1`,
      [...key, tt.asOf],
    );
    return {
      changes,
      current: this.healthOn(versionFromTimelineRow(row!, board.assignment_lead_units), tt.asOf),
    };
  }

  private healthOn(v: TimelineVersion, on: IsoDate): HealthAssessment {
    const { thresholds, calendar } = this.context.rules;
    return healthAt(factsOf(v.state, v.redFlagIn), on, thresholds, calendar);
  }

  private async recomputed(m: Queryable, board: BoardStateRow, tt: TimeTravel): Promise<Found | null> {
    const rows = await m.query<TimelineRow[]>(
      `SELECT DISTINCT ON (effective_on) ${TIMELINE_ROW_COLUMNS}
         FROM rm_milestone_timeline t
        WHERE milestone_id = $1 AND assignment = $2 AND effective_on <= $3::date AND known_from <= $4::timestamptz
        ORDER BY effective_on, position DESC`,
      [board.milestone_id, board.assignment, tt.asOf, tt.knownAt?.toISOString()],
    );
    if (rows.length === 0) return null;
    const timeline: FactsSnapshot[] = rows.map((r) => ({
      effectiveOn: r.effective_on,
      facts: factsOf(stateFromRow(r, board.assignment, board.assignment_lead_units), null),
    }));
    const { thresholds, calendar } = this.context.rules;
    const changes = healthHistory(timeline, timeline[0]!.effectiveOn, tt.asOf, thresholds, calendar).map(
      (c) => view(c.effectiveOn, c.colour, c.previousColour, c.reasons),
    );
    // The health on asOf itself: a history starting on asOf has it as its first entry.
    const [current] = healthHistory(timeline, tt.asOf, tt.asOf, thresholds, calendar);
    return { changes, current: current! };
  }
}

/**
 * The assignment asked for, the only one, or 400 naming those there are: the milestone domain's ASSIGNMENT_UNKNOWN /
 * ASSIGNMENT_REQUIRED (one wording for every route; the API names the units).
 */
function pickAssignment(boards: readonly BoardStateRow[], named: string | undefined): BoardStateRow {
  const known = boards.map((b) => b.assignment).join(', ');
  if (named !== undefined) {
    const found = boards.find((b) => b.assignment === named);
    if (found !== undefined) return found;
    throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_UNKNOWN, {
      field: 'assignment',
      details: { assignment: named, known },
    });
  }
  if (boards.length === 1) return boards[0]!;
  throw new MilestoneError(MilestoneErrorCode.ASSIGNMENT_REQUIRED, {
    field: 'assignment',
    details: { known },
  });
}

function view(
  effectiveOn: IsoDate,
  colour: HealthColour,
  previousColour: HealthColour | null,
  reasons: readonly HealthReason[],
): HealthChangeView {
  return { effectiveOn, colour, colourZh: HEALTH_LABELS_ZH[colour], previousColour, reasons };
}
