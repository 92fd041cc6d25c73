import { Injectable } from '@nestjs/common';
import {
  type Actor,
  deterministicUuid,
  EventIdReusedError,
  EventStore,
  WrongExpectedVersionError,
} from '@app/event-store';
import { AppError, Clock } from '@app/platform';
import { yearEndCutoff } from '../retrospective/retrospective.builder';
import { RetrospectiveService } from '../retrospective/retrospective.service';
import type { RollupRow } from '../retrospective/report.types';
import { YEAR_CLOSED, yearStreamId, type YearClosedData } from './year-closed.event';

export interface CloseYearCommand {
  readonly year: number;
  /** null = the first imported plan. */
  readonly planKey: string | null;
  readonly note: string | null;
  readonly actor: Actor;
}

export interface YearClosedResult {
  readonly planKey: string;
  readonly year: number;
  readonly streamId: string;
  /** The position of the `YearClosed` event. */
  readonly position: number;
  /** The position the closed figures were computed at. */
  readonly figuresPosition: number;
  readonly asOf: string;
  /** Milestones per outcome (年度按期完成率 as `metOnTimeRate`). */
  readonly totals: RollupRow;
  /** Assignments (承办事项) per outcome. */
  readonly assignmentTotals: RollupRow;
}

function alreadyClosed(planKey: string, year: number, details: Record<string, unknown>): AppError {
  return new AppError({
    kind: 'conflict',
    code: 'YEAR_ALREADY_CLOSED',
    field: 'year',
    message: `The books of ${year} (${planKey}) are already closed; a year is closed once`,
    messageZh: `${year} 年度已结账，每个年度只能结账一次`,
    details,
  });
}

/**
 * Closing the books of a plan year (结账): computes the retrospective at the head and records `YearClosed` with
 * its totals, roll-ups and every milestone's outcome in `year-<planKey>-<year>`. A year is closed once: closing
 * it again is a 409 (`YEAR_ALREADY_CLOSED`) that names the existing closing; later reviews of the year show the
 * closed figures next to the current ones, and every outcome that changed since.
 */
@Injectable()
export class CloseYearService {
  constructor(
    private readonly store: EventStore,
    private readonly retrospective: RetrospectiveService,
    private readonly clock: Clock,
  ) {}

  async close(cmd: CloseYearCommand): Promise<YearClosedResult> {
    const report = await this.retrospective.build({ year: cmd.year, planKey: cmd.planKey });
    const now = this.clock.now();
    const cutoff = yearEndCutoff(cmd.year);
    if (now.getTime() < cutoff.getTime()) {
      throw new AppError({
        kind: 'unprocessable',
        code: 'YEAR_NOT_ENDED',
        field: 'year',
        message: `${cmd.year} is not over yet (it ends at ${cutoff.toISOString()})`,
        messageZh: `${cmd.year} 年度尚未结束，不能结账`,
        details: { yearEnd: cutoff.toISOString() },
      });
    }
    const planKey = report.plan.key;
    const streamId = yearStreamId(planKey, cmd.year);
    const existing = (await this.store.readStream(streamId)).find((e) => e.type === YEAR_CLOSED);
    if (existing) {
      throw alreadyClosed(planKey, cmd.year, {
        closedAt: existing.recordedAt.toISOString(),
        position: existing.position,
      });
    }
    const data: YearClosedData = {
      planKey,
      year: cmd.year,
      asOf: report.asOf,
      position: report.position,
      yearEndPosition: report.yearEnd.position,
      note: cmd.note,
      totals: report.totals,
      assignmentTotals: report.assignmentTotals,
      rollups: report.rollups,
      outcomes: report.milestones.map((m) => [m.milestoneId, m.outcome] as const),
      assignmentOutcomes: report.milestones.flatMap((m) =>
        m.assignments.map((a) => [m.milestoneId, a.key, a.outcome] as const),
      ),
    };
    try {
      const r = await this.store.append(
        streamId,
        [
          {
            eventId: deterministicUuid(`${streamId}/${YEAR_CLOSED}`),
            type: YEAR_CLOSED,
            data,
            metadata: { occurredAt: now.toISOString(), actor: cmd.actor },
          },
        ],
        'no_stream',
      );
      return {
        planKey,
        year: cmd.year,
        streamId,
        position: r.position,
        figuresPosition: report.position,
        asOf: report.asOf,
        totals: report.totals,
        assignmentTotals: report.assignmentTotals,
      };
    } catch (e) {
      if (e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError) {
        throw alreadyClosed(planKey, cmd.year, {});
      }
      throw e;
    }
  }
}
