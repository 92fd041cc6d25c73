import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { PlansModule } from '@app/plans';
import { MilestoneBoardProjection } from './milestone-board/milestone-board.projection';
import { ReadModelContext } from './milestone-board/read-model-context';
import { BoardMemory } from './queries/board-memory';
import { BoardWarmUp } from './queries/board-warm-up';
import { HealthHistoryQueries } from './queries/health-history.queries';
import { MilestoneBoardQueries } from './queries/milestone-board.queries';
import { MilestoneStatsQueries } from './queries/milestone-stats.queries';
import { ReadModelReferenceData } from './queries/reference-data';
import { ReadSnapshot } from './queries/read-snapshot';
import { ReferenceDataWarmUp } from './queries/reference-warm-up';
import { UnitAgendaQueries } from './queries/unit-agenda.queries';

/**
 * Projections (milestone board, timeline, health history) and their queries (list, stats, agenda, history), with
 * the board loaded into memory as a query process starts (`BoardWarmUp`).
 */
@Module({
  imports: [EventStoreModule, PlansModule],
  providers: [
    ReadModelContext,
    MilestoneBoardProjection,
    ReadSnapshot,
    ReadModelReferenceData,
    BoardMemory,
    BoardWarmUp,
    ReferenceDataWarmUp,
    MilestoneBoardQueries,
    UnitAgendaQueries,
    MilestoneStatsQueries,
    HealthHistoryQueries,
  ],
  exports: [
    BoardWarmUp,
    ReferenceDataWarmUp,
    MilestoneBoardQueries,
    UnitAgendaQueries,
    MilestoneStatsQueries,
    HealthHistoryQueries,
  ],
})
export class ReadModelsModule {}
