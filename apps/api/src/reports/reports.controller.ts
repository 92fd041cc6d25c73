import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import {
  CloseYearService,
  parseRetrospectiveRequest,
  REPORT_FORMATS,
  REPORT_MEDIA_TYPES,
  REPORT_TABLES,
  reportFileNames,
  RetrospectiveService,
  writeReport,
  type YearClosedResult,
} from '@app/reports';
import { NoControlCharacters } from '../http/validators';
import { reportDisposition } from './content-disposition';
import { ApiRetrospectiveResponse, YearClosedResultDto } from './retrospective.dto';
import { MayNotFind, PLAN_LOOKUP } from '../http/openapi/may-not-find';

export class RetrospectiveQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'default json' })
  @IsOptional()
  @IsString()
  format?: string;

  @ApiPropertyOptional({
    description:
      'Only reports recorded at or before this instant (ISO 8601 with offset, e.g. 2022-01-01T00:00:00+08:00; ' +
      'or a date = the end of that day, Asia/Shanghai). Default: everything recorded.',
  })
  @IsOptional()
  @IsString()
  knownAt?: string;

  @ApiPropertyOptional({
    description:
      'The review as it stood at the end of this day (YYYY-MM-DD, Asia/Shanghai): what happened later is left ' +
      'out; a year not over by then is judged on that day (provisional). Default: now.',
    example: '2021-11-30',
  })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Compute at this event position (default: the head); reproduces an earlier run',
  })
  @IsOptional()
  @IsString()
  position?: string;

  @ApiPropertyOptional({ description: 'plan key (default: the first imported plan)' })
  @IsOptional()
  @IsString()
  plan?: string;

  @ApiPropertyOptional({
    enum: REPORT_TABLES,
    description:
      "CSV only: which table (default milestones, with the spread of each milestone's assignments; " +
      'assignments: one row per assignment; standing: the standing items per unit)',
  })
  @IsOptional()
  @IsString()
  table?: string;
}

export class CloseYearDto {
  @ApiPropertyOptional({ description: 'A note kept with the closing (结账说明)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @NoControlCharacters({ multiline: true })
  note?: string;
}

export class CloseYearQueryDto {
  @ApiPropertyOptional({ description: 'plan key (default: the first imported plan)' })
  @IsOptional()
  @IsString()
  plan?: string;
}

/** Year-end retrospective reviews (JSON, Markdown, printable HTML, Excel, CSV) and closing the books of a year. */
@ApiTags('reports')
@Controller('api/v1')
export class ReportsController {
  constructor(
    private readonly retrospective: RetrospectiveService,
    private readonly closing: CloseYearService,
  ) {}

  @Get('reports/retrospective/:year')
  @MayNotFind(PLAN_LOOKUP)
  @Roles('supervisor', 'viewer', 'reporter')
  @ApiOperation({
    summary:
      'Year-end retrospective: outcomes, reasons and roll-ups of a year, as known then and as known now',
    description:
      'Every milestone due in the year, reviewed per assignment (承办事项: each lead unit of a 分别牵头 task ' +
      'answers for its own share) and per milestone (its worst assignment, with the counts per outcome): met on ' +
      'time, met late, awaiting verification, partly met, missed, re-baselined, cancelled; the reasons quoted from ' +
      'the history; roll-ups per zone (city-wide tasks under 全市), district and section counting milestones, and ' +
      'per lead unit counting its own assignments, each with metOnTimeRate (年度按期完成率 = 按期完成数 ÷（年度到期数 − ' +
      "取消 − 未到期）, stated in `definitions`); indicators per assignment; the standing items' year-end " +
      'statement (reports per unit, days silent vs the cadence); alerts; the reports recorded after the year end ' +
      'and the outcomes they changed; the closed figures if the year was closed. Computed from the event log at ' +
      'one position (header X-Event-Position); the same position and knownAt give the same content. A year is ' +
      'valid while any milestone is due in it (a milestone re-baselined past the plan makes its year valid).',
  })
  @ApiParam({ name: 'year', example: 2021 })
  @ApiRetrospectiveResponse()
  @ApiBadRequestResponse({
    description:
      'bad year, format, knownAt, asOf, position, plan or table (field named); YEAR_OUT_OF_RANGE: no milestone ' +
      'is due in that year (details.validYears lists the years that have one)',
  })
  async getRetrospective(
    @Param('year') year: string,
    @Query() query: RetrospectiveQueryDto,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const req = parseRetrospectiveRequest({ ...query, year });
    const report = await this.retrospective.build({
      year: req.year,
      knownAt: req.knownAt,
      asOf: req.asOf,
      position: req.position,
      planKey: req.planKey,
    });
    const media = REPORT_MEDIA_TYPES[req.format];
    // Streamed to the Node response as it is written (headers on it: Fastify sends nothing of its own here).
    const out = res.raw;
    out.statusCode = 200;
    out.setHeader('Content-Type', media.contentType);
    out.setHeader('X-Event-Position', String(report.position));
    out.setHeader('Cache-Control', 'no-store');
    const file = reportFileNames(report, req.format, req.table);
    out.setHeader(
      'Content-Disposition',
      reportDisposition(file.name, file.ascii, media.attachment ? 'attachment' : 'inline'),
    );
    await writeReport(report, req.format, out, { table: req.table });
  }

  @Post('years/:year(^[^/]+)::close')
  @MayNotFind(PLAN_LOOKUP)
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Close the books of a year (supervisors): records YearClosed with the totals',
    description:
      'Computes the retrospective at the head and appends YearClosed (stream year-<planKey>-<year>) with its ' +
      'totals, roll-ups and every outcome. Later reviews of the year show the closed figures and what changed ' +
      'since. A year is closed once: again → 409 YEAR_ALREADY_CLOSED; a year not over yet → 422 YEAR_NOT_ENDED.',
  })
  @ApiParam({ name: 'year', example: 2021 })
  @ApiCreatedResponse({
    type: YearClosedResultDto,
    description: 'Closed: the YearClosed position and the closed totals',
  })
  @ApiConflictResponse({ description: 'already closed (problem+json with the existing closing)' })
  @ApiUnprocessableEntityResponse({ description: 'the year is not over yet' })
  async closeYear(
    @Param('year') year: string,
    @Query() query: CloseYearQueryDto,
    @Body() dto: CloseYearDto,
    @CurrentActor() actor: RequestActor,
  ): Promise<YearClosedResult> {
    const req = parseRetrospectiveRequest({
      year,
      ...(query.plan !== undefined ? { plan: query.plan } : {}),
    });
    const note = dto.note?.trim();
    return this.closing.close({
      year: req.year,
      planKey: req.planKey,
      note: note ? note : null,
      actor: {
        tokenId: actor.tokenId,
        tokenName: actor.tokenName,
        role: actor.role,
        ...(actor.unit ? { unit: actor.unit } : {}),
      },
    });
  }
}
