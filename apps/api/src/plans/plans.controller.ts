import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  sourceName?: string;

  @ApiPropertyOptional({ description: 'Plan key (default sanqu-2020)', example: 'sanqu-2020' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/)
  planKey?: string;
}

const PLAN_QUERY = {
  name: 'plan',
  required: false,
  description: 'plan key (default: the first imported plan)',
};

@ApiTags('plan')
@Controller('api/v1')
export class PlansController {
  constructor(
    private readonly catalog: PlanCatalogQueries,
    private readonly importer: PlanImportService,
  ) {}

  @Post('plans\\:import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Import a plan document (admin)',
    description:
      'First import: PlanImported + one MilestonePlanned per milestone. The same document again writes nothing ' +
      '(status unchanged). A revised document appends only the differences: MilestoneAdded, MilestoneRevised, MilestoneWithdrawn.',
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
  async plans(): Promise<PlanSummary[]> {
    return this.catalog.plans();
  }

  @Get('zones')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: '功能区: zone → district → towns, with the policy-extension towns' })
  async zones(@Query('plan') plan?: string) {
    return this.catalog.zones(plan);
  }

  @Get('districts')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: '市（区）: each with its zones and towns' })
  async districts(@Query('plan') plan?: string): Promise<DistrictView[]> {
    return this.catalog.districts(plan);
  }

  @Get('units')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: '责任单位: canonical name, kind, district, aliases, tasks led and cooperated on' })
  async units(@Query('plan') plan?: string) {
    return this.catalog.units(plan);
  }

  @Get('sections')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: '板块 (一 … 五) with their tasks' })
  async sections(@Query('plan') plan?: string) {
    return this.catalog.sections(plan);
  }

  @Get('tasks')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: '重点事项 with responsibility, places and milestones as planned' })
  async tasks(@Query('plan') plan?: string): Promise<TaskView[]> {
    return this.catalog.tasks(plan);
  }

  @Get('tasks/:no')
  @ApiQuery(PLAN_QUERY)
  @ApiOperation({ summary: 'One task by its number' })
  async task(@Param('no', ParseIntPipe) no: number, @Query('plan') plan?: string): Promise<TaskView> {
    return this.catalog.task(no, plan);
  }

  @Get('milestones/:id')
  @ApiOperation({ summary: 'One milestone as planned (text, period, due date, indicators, units)' })
  async milestone(@Param('id') id: string): Promise<MilestonePlanView> {
    return this.catalog.milestone(id);
  }
}
