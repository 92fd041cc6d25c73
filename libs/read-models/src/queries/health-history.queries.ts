import { Injectable } from '@nestjs/common';
import type { IsoDate } from '@app/platform';
import { healthHistory, type FactsSnapshot } from '../rules/health-history';
import { healthAt, type HealthAssessment, type HealthColour, type HealthReason } from '../rules/health';
import { factsOf } from '../milestone-board/facts-state';
import {
  SELECT_BOARD,
  selectFacts,
  stateFromRow,
  versionFromBoardRow,
  versionFromTimelineRow,
  type BoardRow,
  type TimelineRow,
} from '../milestone-board/milestone-board.rows';
import { stepsOf, type TimelineVersion } from '../milestone-board/milestone-timeline';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { header, milestoneNotFound, type AsOfHeader } from './milestone-board.queries';
import { HEALTH_LABELS_ZH } from './milestone-board.view';
import { parseTimeTravel, type TimeTravel, type TimeTravelParams } from './read-model-params';
import { ReadSnapshot } from './read-snapshot';

export interface HealthChangeView {
  /** The date the health took effect. */
  readonly effectiveOn: IsoDate;
  readonly colour: HealthColour;
  readonly colourZh: string;
  /** null on the first entry. */
  readonly previousColour: HealthColour | null;
  /** Why (zh-CN and English, with the figures). */
  readonly reasons: readonly HealthReason[];
}

/** The health on asOf: its reasons as they stand that day, since when the colour holds. */
export interface CurrentHealthView {
  readonly colour: HealthColour;
  readonly colourZh: string;
  /** On asOf (figures of that day: days overdue, expected progress…). */
  readonly reasons: readonly HealthReason[];
  /** The first day of this colour (the reasons may have changed since). */
  readonly since: IsoDate;
  /** The last change (colour or reasons) up to asOf. */
  readonly changedOn: IsoDate;
}

/** "Why is this red, since when": every health change of a milestone up to asOf. */
export interface HealthHistoryView extends AsOfHeader {
  readonly milestoneId: string;
  readonly current: CurrentHealthView;
  /** Oldest first. */
  readonly changes: readonly HealthChangeView[];
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

/**
 * The health history. With everything known (no knownAt), from the stored changes plus the latest version's
 * steps (the open span: changes that come by the passage of time alone, e.g. overdue the day after the due
 * date). With knownAt, recomputed by the rules' `healthHistory` over the versions known then.
 */
@Injectable()
export class HealthHistoryQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly snapshot: ReadSnapshot,
  ) {}

  async history(milestoneId: string, params: TimeTravelParams): Promise<HealthHistoryView> {
    const tt = parseTimeTravel(params, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
    return this.snapshot.run(async (m, position) => {
      const found =
        tt.knownAt === null
          ? await this.stored(m, milestoneId, tt)
          : await this.recomputed(m, milestoneId, tt);
      if (found === null) throw milestoneNotFound(milestoneId, tt);
      const { changes, current } = found;
      let since = changes.length;
      while (since > 0 && changes[since - 1]!.colour === current.colour) since--;
      return {
        ...header(tt, position),
        milestoneId,
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

  private async stored(
    m: { query: <T>(sql: string, params?: unknown[]) => Promise<T> },
    id: string,
    tt: TimeTravel,
  ): Promise<Found | null> {
    const [board] = await m.query<BoardRow[]>(`${SELECT_BOARD} WHERE milestone_id = $1`, [id]);
    if (board === undefined) return null;
    const [first] = await m.query<{ first: IsoDate | null }[]>(
      'SELECT min(effective_on)::text AS first FROM rm_milestone_timeline WHERE milestone_id = $1',
      [id],
    );
    if (first?.first === null || first?.first === undefined || first.first > tt.asOf) return null;
    const rows = await m.query<StoredChange[]>(
      `SELECT effective_on::text AS effective_on, colour, previous_colour, version_on::text AS version_on, position
         FROM rm_health_history WHERE milestone_id = $1 AND effective_on <= $2::date ORDER BY effective_on`,
      [id, tt.asOf],
    );
    // The versions that produced them: their facts give the reasons' texts and figures.
    const versions = new Map(
      (
        await m.query<TimelineRow[]>(
          `SELECT milestone_id, effective_on::text AS effective_on, position, known_from, event_type, backdated,
                  ${selectFacts('t')}
             FROM rm_milestone_timeline t
            WHERE milestone_id = $1 AND (effective_on, position) IN
                  (SELECT * FROM unnest($2::date[], $3::bigint[]))`,
          [id, rows.map((r) => r.version_on), rows.map((r) => r.position)],
        )
      ).map((r) => [`${r.effective_on}/${String(r.position)}`, versionFromTimelineRow(r)]),
    );
    const changes = rows.map((r) => {
      const v = versions.get(`${r.version_on}/${r.position}`);
      return view(r.effective_on, r.colour, r.previous_colour, v ? this.reasonsOn(v, r.effective_on) : []);
    });
    const last = versionFromBoardRow(board);
    if (board.last_effective_on <= tt.asOf) {
      // The open span: the latest version's steps, continuing the stored changes.
      let ref =
        board.before_colour === null
          ? null
          : { colour: board.before_colour, codes: board.before_codes ?? '' };
      for (const s of stepsOf(last, this.context.rules)) {
        if (s.on > tt.asOf) break;
        if (ref !== null && ref.colour === s.colour && ref.codes === s.codes) continue;
        changes.push(view(s.on, s.colour, ref?.colour ?? null, this.reasonsOn(last, s.on)));
        ref = s;
      }
      return { changes, current: this.healthOn(last, tt.asOf) };
    }
    // Before the latest version: the version in force on asOf.
    const [row] = await m.query<TimelineRow[]>(
      `SELECT milestone_id, effective_on::text AS effective_on, position, known_from, event_type, backdated,
              ${selectFacts('t')}
         FROM rm_milestone_timeline t WHERE milestone_id = $1 AND effective_on <= $2::date
        ORDER BY effective_on DESC, position DESC LIMIT 1`,
      [id, tt.asOf],
    );
    return { changes, current: this.healthOn(versionFromTimelineRow(row!), tt.asOf) };
  }

  /** The reasons of a version's health on a date (its steps say which; the rules say why, in words). */
  private reasonsOn(v: TimelineVersion, on: IsoDate): readonly HealthReason[] {
    return this.healthOn(v, on).reasons;
  }

  private healthOn(v: TimelineVersion, on: IsoDate): HealthAssessment {
    const { thresholds, calendar } = this.context.rules;
    return healthAt(factsOf(v.state, v.redFlagIn), on, thresholds, calendar);
  }

  private async recomputed(
    m: { query: <T>(sql: string, params?: unknown[]) => Promise<T> },
    id: string,
    tt: TimeTravel,
  ): Promise<Found | null> {
    const rows = await m.query<TimelineRow[]>(
      `SELECT DISTINCT ON (effective_on) milestone_id, effective_on::text AS effective_on, position, known_from,
              event_type, backdated, ${selectFacts('t')}
         FROM rm_milestone_timeline t
        WHERE milestone_id = $1 AND effective_on <= $2::date AND known_from <= $3::timestamptz
        ORDER BY effective_on, position DESC`,
      [id, tt.asOf, tt.knownAt?.toISOString()],
    );
    if (rows.length === 0) return null;
    const timeline: FactsSnapshot[] = rows.map((r) => ({
      effectiveOn: r.effective_on,
      facts: factsOf(stateFromRow(r), null),
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

function view(
  effectiveOn: IsoDate,
  colour: HealthColour,
  previousColour: HealthColour | null,
  reasons: readonly HealthReason[],
): HealthChangeView {
  return { effectiveOn, colour, colourZh: HEALTH_LABELS_ZH[colour], previousColour, reasons };
}
