import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type RequestActor } from '@app/access';
import {
  HealthHistoryQueries,
  MilestoneBoardQueries,
  MilestoneStatsQueries,
  type AsOfHeader,
  type HealthHistoryView,
  type MilestoneBoardView,
  type MilestonePage,
  type StatsGroup,
  type StatsReport,
  type UnitAgenda,
  type UnitStatsGroup,
} from '@app/read-models';
import { MilestoneFilterQueryDto, MilestoneListQueryDto, TimeTravelQueryDto } from './read-models.dto';

const TIME_TRAVEL =
  ' Every answer states `asOf`, `knownAt` and the event `position` it was computed at; `X-Min-Position` waits ' +
  'for your own write first.';

const STATS =
  'Per group: counts by lifecycle, schedule and health (never an average colour), noRecentReport (grey for ' +
  'silence), completed, completionRate = completed ÷ (total − cancelled − withdrawn), onTimeRate = completed on ' +
  'time ÷ (completed on time + completed late + overdue), overdue, late, meanDaysLate and maxDaysLate (over ' +
  'the late ones); `overall` counts every milestone once. Filters as for GET /milestones.' +
  TIME_TRAVEL;

/** The milestone board, roll-ups, agenda and health history, at any date and as known at any time. */
@ApiTags('read models (board, stats, agenda)')
@Controller('api/v1')
export class ReadModelsController {
  constructor(
    private readonly board: MilestoneBoardQueries,
    private readonly stats: MilestoneStatsQueries,
    private readonly health: HealthHistoryQueries,
  ) {}

  @Get('milestones')
  @ApiOperation({
    summary: 'The milestone board (里程碑看板): filter, sort, page',
    description:
      'Each row keeps the three axes apart: lifecycle, schedule (days to due, overdue, late, late against the ' +
      'baseline) and health with its reasons.' +
      TIME_TRAVEL,
  })
  async list(@Query() q: MilestoneListQueryDto): Promise<MilestonePage> {
    return this.board.list(q);
  }

  @Get('milestones/:id/board')
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({ summary: 'One row of the milestone board', description: TIME_TRAVEL.trim() })
  async boardRow(
    @Param('id') id: string,
    @Query() q: TimeTravelQueryDto,
  ): Promise<MilestoneBoardView & AsOfHeader> {
    return this.board.board(id, q);
  }

  @Get('milestones/:id/health-history')
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({
    summary: 'Why is it red, since when (健康度变化记录)',
    description:
      'Every health change up to asOf with its reasons and the date it took effect, including the changes ' +
      'that come by the passage of time alone (overdue the day after the due date, grey after the cadence).' +
      TIME_TRAVEL,
  })
  async healthHistory(@Param('id') id: string, @Query() q: TimeTravelQueryDto): Promise<HealthHistoryView> {
    return this.health.history(id, q);
  }

  @Get('stats/zones')
  @ApiOperation({
    summary: 'Roll-up per zone (功能区); milestones with no zone in a group of their own',
    description: STATS,
  })
  async zones(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('zones', q);
  }

  @Get('stats/districts')
  @ApiOperation({ summary: 'Roll-up per district (市/区)', description: STATS })
  async districts(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('districts', q);
  }

  @Get('stats/units')
  @ApiOperation({ summary: 'Roll-up per unit, lead (牵头) and cooperating (配合) apart', description: STATS })
  async units(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<UnitStatsGroup>> {
    return this.stats.stats('units', q);
  }

  @Get('stats/sections')
  @ApiOperation({ summary: 'Roll-up per section (板块)', description: STATS })
  async sections(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('sections', q);
  }

  @Get('stats/years')
  @ApiOperation({ summary: 'Roll-up per year (of the baseline due date)', description: STATS })
  async years(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('years', q);
  }

  @Get('units/:id/agenda')
  @ApiParam({ name: 'id', example: 'dept-transport' })
  @ApiOperation({
    summary: 'What needs this unit now (待办)',
    description:
      'Overdue, due within 30 days, a progress report due within 7 days or overdue (cadence), returned to it, ' +
      'awaiting acceptance by the supervising office. A reporter sees only its own unit (403 otherwise).' +
      TIME_TRAVEL,
  })
  async agenda(
    @Param('id') id: string,
    @Query() q: TimeTravelQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<UnitAgenda> {
    return this.board.agenda(id, q, { role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) });
  }
}
