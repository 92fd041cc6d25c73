import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import { AppError } from '@app/platform';
import {
  PlanCatalogQueries,
  PlanImportService,
  PlanParseError,
  type DistrictView,
  type MilestonePlanView,
  type PlanImportResult,
  type PlanSummary,
  type TaskView,
} from '@app/plans';
import { NoControlCharacters } from '../http/validators';
import {
  DistrictDto,
  MilestonePlanDto,
  PlanImportResultDto,
  PlanSummaryDto,
  SectionDto,
  TaskDto,
  UnitDto,
  ZoneDto,
} from './plan-views.dto';
import { WholeNumberPath } from '../http/path-params';
import { MILESTONE_LOOKUP, MayNotFind, PLAN_LOOKUP } from '../http/openapi/may-not-find';

export class ImportPlanDto {
  @ApiProperty({ description: 'The plan document (UTF-8 text of 附件1 and 附件2)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000_000)
  document!: string;

  @ApiPropertyOptional({ description: 'Where it came from (file name)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlCharacters({ multiline: false })
  sourceName?: string;

  @ApiPropertyOptional({ description: 'Plan key (default sanqu-2020)', example: 'sanqu-2020' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/)
  planKey?: string;
}

export class PlanQueryDto {
  @ApiPropertyOptional({ description: 'plan key (default: the first imported plan)', example: 'sanqu-2020' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  plan?: string;
}

@ApiTags('plan')
@Controller('api/v1')
export class PlansController {
  constructor(
    private readonly catalog: PlanCatalogQueries,
    private readonly importer: PlanImportService,
  ) {}

  @Post('plans::import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Import a plan document (admin)',
    description:
      'First import: PlanImported + one MilestonePlanned per milestone. The same document again writes nothing ' +
      '(status unchanged). A revised document appends only the differences: MilestoneAdded, MilestoneRevised, MilestoneWithdrawn.',
  })
  @ApiOkResponse({ type: PlanImportResultDto })
  @ApiUnprocessableEntityResponse({
    description:
      'PLAN_…: the document is not a plan this service reads (`field` document; details name where)',
  })
  async import(@Body() dto: ImportPlanDto, @CurrentActor() actor: RequestActor): Promise<PlanImportResult> {
    try {
      return await this.importer.importDocument(dto.document, {
        sourceName: dto.sourceName ?? null,
        actor: { tokenId: actor.tokenId, tokenName: actor.tokenName, role: actor.role },
        ...(dto.planKey ? { planKey: dto.planKey } : {}),
      });
    } catch (e) {
      if (e instanceof PlanParseError) {
        throw new AppError({
          kind: 'unprocessable',
          code: `PLAN_${e.code}`,
          field: 'document',
          message: e.messageEn,
          messageZh: e.messageZh,
          details: e.details,
        });
      }
      throw e;
    }
  }

  @Get('plans')
  @ApiOperation({ summary: 'Imported plans with their counts' })
  @ApiOkResponse({ type: [PlanSummaryDto] })
  async plans(): Promise<PlanSummary[]> {
    return this.catalog.plans();
  }

  @Get('zones')
  @MayNotFind(PLAN_LOOKUP)
  @ApiOperation({ summary: '功能区: zone → district → towns, with the policy-extension towns' })
  @ApiOkResponse({ type: [ZoneDto] })
  async zones(@Query() { plan }: PlanQueryDto) {
    return this.catalog.zones(plan);
  }

  @Get('districts')
  @MayNotFind(PLAN_LOOKUP)
  @ApiOperation({ summary: '市（区）: each with its zones and towns' })
  @ApiOkResponse({ type: [DistrictDto] })
  async districts(@Query() { plan }: PlanQueryDto): Promise<DistrictView[]> {
    return this.catalog.districts(plan);
  }

  @Get('units')
  @MayNotFind(PLAN_LOOKUP)
  @ApiOperation({ summary: '责任单位: canonical name, kind, district, aliases, tasks led and cooperated on' })
  @ApiOkResponse({ type: [UnitDto] })
  async units(@Query() { plan }: PlanQueryDto) {
    return this.catalog.units(plan);
  }

  @Get('sections')
  @MayNotFind(PLAN_LOOKUP)
  @ApiOperation({ summary: '板块 (一 … 五) with their tasks' })
  @ApiOkResponse({ type: [SectionDto] })
  async sections(@Query() { plan }: PlanQueryDto) {
    return this.catalog.sections(plan);
  }

  @Get('tasks')
  @MayNotFind(PLAN_LOOKUP)
  @ApiOperation({ summary: '重点事项 with responsibility, places and milestones as planned' })
  @ApiOkResponse({ type: [TaskDto] })
  async tasks(@Query() { plan }: PlanQueryDto): Promise<TaskView[]> {
    return this.catalog.tasks(plan);
  }

  @Get('tasks/:no')
  @MayNotFind({ no: 'TASK_NOT_FOUND: no such task', ...PLAN_LOOKUP })
  @ApiOperation({ summary: 'One task by its number' })
  @ApiParam({ name: 'no', type: Number, example: 6 })
  @ApiOkResponse({ type: TaskDto })
  async task(@WholeNumberPath('no') no: number, @Query() { plan }: PlanQueryDto): Promise<TaskView> {
    return this.catalog.task(no, plan);
  }

  @Get('milestones/:id')
  @MayNotFind(MILESTONE_LOOKUP)
  @ApiOperation({ summary: 'One milestone as planned (text, period, due date, indicators, units)' })
  @ApiOkResponse({ type: MilestonePlanDto })
  async milestone(@Param('id') id: string): Promise<MilestonePlanView> {
    return this.catalog.milestone(id);
  }
}
