import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, type RequestActor } from '@app/access';
import {
  HealthHistoryQueries,
  MilestoneBoardQueries,
  MilestoneStatsQueries,
  UnitAgendaQueries,
  type AsOfHeader,
  type HealthHistoryView,
  type MilestoneBoardView,
  type MilestonePage,
  type StatsGroup,
  type StatsReport,
  type UnitAgenda,
  type UnitStatsGroup,
} from '@app/read-models';
import {
  HealthHistoryQueryDto,
  MilestoneFilterQueryDto,
  MilestoneListQueryDto,
  TimeTravelQueryDto,
} from './read-models.dto';
import { UnitAgendaDto } from './agenda.dto';
import { MilestoneBoardRowDto, MilestonePageDto } from './board.dto';
import { HealthHistoryDto } from './health-history.dto';
import { StatsReportDto, UnitStatsReportDto } from './stats.dto';
import { MILESTONE_LOOKUP, MayNotFind, UNIT_LOOKUP } from '../http/openapi/may-not-find';

const TIME_TRAVEL =
  ' Every answer states `asOf`, `knownAt` and the event `position` it was computed at; `X-Min-Position` waits ' +
  'for your own write first.';

const ASSIGNMENTS =
  ' A milestone of a 分别牵头 task has one assignment (承办事项) per lead unit: its lifecycle is derived from theirs ' +
  '(accepted when every one is), its schedule and health are the worst assignment’s, its percent their mean ' +
  '(`percentRange` the spread), its days late the most of them; `assignments` lists each (key, lead units, ' +
  'lifecycle, schedule, health, percent, days late) when there are several.';

const STATS =
  'Per group: counts by lifecycle, schedule and health (never an average colour), noRecentReport (grey for ' +
  'silence), completed, completionRate = completed ÷ (total − cancelled − withdrawn), punctualityRate ' +
  '(按期完成率（已到期）) = completed on time ÷ (completed on time + completed late + overdue), overdue, late, ' +
  'meanDaysLate and maxDaysLate (over the late ones); `overall` counts every milestone once; `definitions` states ' +
  'each rate in English and Chinese. Milestones count by their state derived from their assignments.' +
  ASSIGNMENTS +
  ' Filters as for GET /milestones.' +
  TIME_TRAVEL;

/** The 400 of a route that needs an assignment (承办事项) the milestone has: the keys it has, as one string. */
const ASSIGNMENT_PROBLEM = {
  description:
    'ASSIGNMENT_REQUIRED (several assignments, none named) or ASSIGNMENT_UNKNOWN (a key the milestone does not ' +
    'have), field `assignment`; asOf or knownAt invalid (field named)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer', example: 400 },
          instance: { type: 'string' },
          code: { type: 'string', example: 'ASSIGNMENT_REQUIRED' },
          field: { type: 'string', example: 'assignment' },
          detail: { type: 'string' },
          detailZh: { type: 'string', description: 'Names the units by name' },
          known: {
            type: 'string',
            description:
              "The milestone's assignment keys (lead unit ids), joined by `, ` (ASSIGNMENT_* only)",
            example: 'gov-pengjiang, gov-taishan',
          },
          assignment: { type: 'string', description: 'The key asked for (ASSIGNMENT_UNKNOWN only)' },
        },
        required: ['type', 'title', 'status', 'code', 'detail', 'detailZh'],
      },
    },
  },
};

/** The milestone board, roll-ups, agenda and health history, at any date and as known at any time. */
@ApiTags('read models (board, stats, agenda)')
@Controller('api/v1')
export class ReadModelsController {
  constructor(
    private readonly board: MilestoneBoardQueries,
    private readonly stats: MilestoneStatsQueries,
    private readonly health: HealthHistoryQueries,
    private readonly agendas: UnitAgendaQueries,
  ) {}

  @Get('milestones')
  @ApiOperation({
    summary: 'The milestone board (里程碑看板): filter, sort, page',
    description:
      'Each row keeps the three axes apart: lifecycle, schedule (days to due, overdue, late, late against the ' +
      'baseline) and health with its reasons.' +
      ASSIGNMENTS +
      ' Filters: `zone=全市` selects the city-wide milestones; state filters (year, lifecycle, schedule, health) ' +
      'apply to the milestone’s derived state.' +
      TIME_TRAVEL,
  })
  @ApiOkResponse({ type: MilestonePageDto })
  async list(@Query() q: MilestoneListQueryDto): Promise<MilestonePage> {
    return this.board.list(q);
  }

  @Get('milestones/:id/board')
  @MayNotFind(MILESTONE_LOOKUP)
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({
    summary: 'One row of the milestone board',
    description: (ASSIGNMENTS + TIME_TRAVEL).trim(),
  })
  @ApiOkResponse({ type: MilestoneBoardRowDto })
  async boardRow(
    @Param('id') id: string,
    @Query() q: TimeTravelQueryDto,
  ): Promise<MilestoneBoardView & AsOfHeader> {
    return this.board.board(id, q);
  }

  @Get('milestones/:id/health-history')
  @MayNotFind(MILESTONE_LOOKUP)
  @ApiParam({ name: 'id', example: 'sanqu-2020.T05-2021' })
  @ApiOperation({
    summary: 'Why is it red, since when (健康度变化记录), per assignment',
    description:
      'Every health change of one assignment (承办事项) up to asOf with its reasons and the date it took effect, ' +
      'including the changes that come by the passage of time alone (overdue the day after the due date, grey ' +
      'after the cadence). A milestone with several assignments (分别牵头) needs `?assignment=<key>` (400 ' +
      'ASSIGNMENT_REQUIRED otherwise, naming the keys; 400 ASSIGNMENT_UNKNOWN for a key it does not have); ' +
      '`assignments` lists every key of the milestone.' +
      TIME_TRAVEL,
  })
  @ApiOkResponse({ type: HealthHistoryDto })
  @ApiBadRequestResponse(ASSIGNMENT_PROBLEM)
  async healthHistory(
    @Param('id') id: string,
    @Query() q: HealthHistoryQueryDto,
  ): Promise<HealthHistoryView> {
    return this.health.history(id, q);
  }

  @Get('stats/zones')
  @ApiOperation({
    summary: 'Roll-up per zone (功能区); city-wide milestones in the group 全市',
    description:
      STATS +
      ' Zones: a milestone in two zones counts in both; city-wide (全市) milestones form the group 全市, and ' +
      '`cityWideExcluded` (on each named zone and on the response) says how many of them the named zones leave out.',
  })
  @ApiOkResponse({ type: StatsReportDto })
  async zones(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('zones', q);
  }

  @Get('stats/districts')
  @ApiOperation({ summary: 'Roll-up per district (市/区)', description: STATS })
  @ApiOkResponse({ type: StatsReportDto })
  async districts(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('districts', q);
  }

  @Get('stats/units')
  @ApiOperation({
    summary: 'Roll-up per unit, lead (牵头) and cooperating (配合) apart',
    description:
      STATS +
      ' Units: `lead` counts the unit’s own assignments (its share of a 分别牵头 milestone, or the milestone it leads ' +
      'alone or jointly), each by its own state (state filters apply to the assignment); `cooperating` counts the ' +
      'milestones it cooperates on, by the milestone’s state.',
  })
  @ApiOkResponse({ type: UnitStatsReportDto })
  async units(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<UnitStatsGroup>> {
    return this.stats.stats('units', q);
  }

  @Get('stats/sections')
  @ApiOperation({ summary: 'Roll-up per section (板块)', description: STATS })
  @ApiOkResponse({ type: StatsReportDto })
  async sections(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('sections', q);
  }

  @Get('stats/years')
  @ApiOperation({ summary: 'Roll-up per year (of the baseline due date)', description: STATS })
  @ApiOkResponse({ type: StatsReportDto })
  async years(@Query() q: MilestoneFilterQueryDto): Promise<StatsReport<StatsGroup>> {
    return this.stats.stats('years', q);
  }

  @Get('units/:id/agenda')
  @MayNotFind(UNIT_LOOKUP)
  @ApiParam({ name: 'id', example: 'dept-transport' })
  @ApiOperation({
    summary: 'What needs this unit now (待办)',
    description:
      'Overdue, due within 30 days, a progress report due within 7 days or overdue (cadence), returned to it, ' +
      'awaiting acceptance by the supervising office. Its own assignments (on a 分别牵头 milestone its share alone, ' +
      'named in `assignment`: not a sibling unit’s), by their own state, and the milestones it cooperates on. A ' +
      'reporter sees only its own unit (403 otherwise).' +
      TIME_TRAVEL,
  })
  @ApiOkResponse({ type: UnitAgendaDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_OTHER_UNIT: a reporter asked for another unit' })
  async agenda(
    @Param('id') id: string,
    @Query() q: TimeTravelQueryDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<UnitAgenda> {
    return this.agendas.agenda(id, q, { role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) });
  }
}
