import { Injectable } from '@nestjs/common';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { BoardMemory } from './board-memory';
import { header, type AsOfHeader } from './milestone-board.queries';
import { parseMilestoneFilter, parseTimeTravel, type MilestoneFilterParams } from './read-model-params';
import { ReadModelReferenceData } from './reference-data';
import { STATS_DEFINITIONS, type GroupStats, type StatsDefinitions } from './stats-accumulator';
import { rollUp, type StatsDimension, type StatsGroup, type UnitStatsGroup } from './stats-rollup';

export { STATS_DIMENSIONS, type StatsDimension, type StatsGroup, type UnitStatsGroup } from './stats-rollup';

export interface StatsReport<G> extends AsOfHeader {
  readonly dimension: StatsDimension;
  readonly groups: readonly G[];
  /** Every milestone once. */
  readonly overall: GroupStats;
  /** Zones only: the city-wide (全市) milestones the named zones leave out. */
  readonly cityWideExcluded?: number;
  /** What the rates mean (en, zh). */
  readonly definitions: StatsDefinitions;
}

/**
 * Roll-ups per zone, district, unit (lead / cooperating), section and year, at any date and as known at any
 * time: counted on the board evaluated in memory (`BoardMemory`, `rollUp`), remembered by position. Milestones
 * are counted by their state derived from their assignments (`milestoneAnswer`), a unit's lead side by its own
 * assignments; rates and means are computed from the counts, never from colours.
 */
@Injectable()
export class MilestoneStatsQueries {
  constructor(
    private readonly context: ReadModelContext,
    private readonly reference: ReadModelReferenceData,
    private readonly memory: BoardMemory,
  ) {}

  async stats(dimension: 'units', params: MilestoneFilterParams): Promise<StatsReport<UnitStatsGroup>>;
  async stats(
    dimension: Exclude<StatsDimension, 'units'>,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup>>;
  async stats(
    dimension: StatsDimension,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup | UnitStatsGroup>>;
  async stats(
    dimension: StatsDimension,
    params: MilestoneFilterParams,
  ): Promise<StatsReport<StatsGroup | UnitStatsGroup>> {
    const tt = parseTimeTravel(params, this.context.today(), this.context.config.planTimeZone, (ms) =>
      this.context.days.dayOf(ms),
    );
    const filter = parseMilestoneFilter(params);
    const ref = await this.reference.checkFilter(filter);
    return this.memory.use((_m, position, board) =>
      board.remember(JSON.stringify(['stats', dimension, tt, filter]), async () => {
        const ev = await board.evaluation(tt);
        const counted = await rollUp(dimension, board, filter, ev, ref);
        return { ...header(tt, position), dimension, ...counted, definitions: STATS_DEFINITIONS };
      }),
    );
  }
}
