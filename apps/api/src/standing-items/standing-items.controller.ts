import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppendClaim } from '@app/event-store';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import { EvidenceFiles } from '@app/evidence';
import {
  type Executed,
  ReportStandingItemCommand,
  StandingItemQueries,
  type ReportStandingItem,
  type StandingItemCommandResult,
  type StandingTimeTravel,
} from '@app/milestones';
import { Clock, dateInZone, PLAN_TIME_ZONE } from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import { parseTimeTravel } from '@app/read-models';
import { IdempotencyService, requestHash } from '../http/idempotency.service';
import { markReplayed } from '../http/idempotent-replayed';
import { ApiIdempotencyKey } from '../http/openapi/idempotency-key';
import { OptionalHeader } from '../http/optional-header';
import { TimeTravelQueryDto } from '../read-models/read-models.dto';
import {
  ReportStandingItemDto,
  StandingItemCommandResultDto,
  StandingItemDetailDto,
  StandingItemListDto,
} from './standing-items.dto';
import {
  standingItemView,
  type StandingItemDetailView,
  type StandingItemListView,
} from './standing-item.view';
import { MayNotFind } from '../http/openapi/may-not-find';

const ITEM_LOOKUP = { itemId: 'STANDING_ITEM_NOT_FOUND: no such standing item' };

const ITEM_ID = ApiParam({
  name: 'itemId',
  example: 'sanqu-2020.T13-S1',
  description: '<planKey>.T<nn>-S<k>',
});
const ABOUT =
  'Standing items (常态化事项) are the plan’s undated requirements (e.g. T13 入海排污口备案): no due date, each lead ' +
  'unit reports within the reporting cadence. Reports count up to `asOf` (the day they happened, plan time zone), ' +
  'as recorded by `knownAt`.';

/** Standing items: the reports of their units, at any date. */
@ApiTags('standing items')
@Controller('api/v1/standing-items')
export class StandingItemsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly queries: StandingItemQueries,
    private readonly catalog: PlanCatalogQueries,
    private readonly clock: Clock,
    private readonly evidenceFiles: EvidenceFiles,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The standing items with, per unit, its report count and last report',
    description: ABOUT,
  })
  @ApiOkResponse({ type: StandingItemListDto })
  @ApiBadRequestResponse({ description: 'asOf or knownAt invalid (problem+json naming the field)' })
  async list(@Query() q: TimeTravelQueryDto): Promise<StandingItemListView> {
    const tt = this.timeTravel(q);
    const position = await this.queries.position(tt);
    const [items, names] = await Promise.all([this.queries.list(tt, position), this.unitNames()]);
    return { ...header(tt, position), items: items.map((i) => standingItemView(i.state, names)) };
  }

  @Get(':itemId')
  @ITEM_ID
  @ApiOperation({ summary: 'One standing item with every report up to asOf', description: ABOUT })
  @ApiOkResponse({ type: StandingItemDetailDto })
  @MayNotFind(ITEM_LOOKUP)
  @ApiBadRequestResponse({ description: 'asOf or knownAt invalid (problem+json naming the field)' })
  async item(
    @Param('itemId') itemId: string,
    @Query() q: TimeTravelQueryDto,
  ): Promise<StandingItemDetailView> {
    const tt = this.timeTravel(q);
    const position = await this.queries.position(tt);
    const [found, names] = await Promise.all([this.queries.item(itemId, tt, position), this.unitNames()]);
    return {
      ...standingItemView(found.state, names),
      ...header(tt, position),
      reports: found.reports.map(({ position: _p, ...r }) => r),
    };
  }

  @Post(':itemId/reports')
  @HttpCode(200)
  @Roles('reporter', 'supervisor')
  @ITEM_ID
  @ApiOperation({
    summary: 'Report on a standing item (常态化工作情况)',
    description:
      'A reporter of a lead or cooperating unit reports for its own unit; a supervisor or admin names `unit`. ' +
      'Errors are problem+json with a `code`.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: StandingItemCommandResultDto })
  @ApiBadRequestResponse({
    description: 'invalid body; ASSIGNMENT_REQUIRED / ASSIGNMENT_UNKNOWN (field `unit`)',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_NOT_RESPONSIBLE, FORBIDDEN_OTHER_ASSIGNMENT, role' })
  @MayNotFind(ITEM_LOOKUP)
  @ApiConflictResponse({
    description:
      'MILESTONE_WITHDRAWN: the item was withdrawn from the plan; `position` (use it in X-Min-Position): the global position of its last event',
  })
  @ApiServiceUnavailableResponse({
    description:
      'STANDING_ITEM_BUSY: too many concurrent reports on the item for too long; nothing written, see Retry-After ' +
      '(or DATABASE_UNAVAILABLE / APPEND_INTERRUPTED: retry with the same Idempotency-Key)',
  })
  async report(
    @Param('itemId') itemId: string,
    @Body() dto: ReportStandingItemDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: FastifyReply,
    @OptionalHeader('Idempotency-Key') key?: string,
  ): Promise<StandingItemCommandResult> {
    const { occurredAt, ...sent } = dto;
    const data = {
      ...sent,
      ...(sent.evidence ? { evidence: await this.evidenceFiles.attach(sent.evidence) } : {}),
    };
    const command: ReportStandingItem = {
      type: 'ReportStandingItem',
      actor: { role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) },
      data,
      ...(occurredAt !== undefined ? { occurredAt } : {}),
    };
    const exec = (claim?: AppendClaim) =>
      this.commands.execute<ReportStandingItemCommand, Executed<StandingItemCommandResult>>(
        new ReportStandingItemCommand(itemId, command, {
          actor: {
            tokenId: actor.tokenId,
            tokenName: actor.tokenName,
            role: actor.role,
            ...(actor.unit ? { unit: actor.unit } : {}),
          },
          ...(key !== undefined ? { idempotencyKey: key } : {}),
          ...(claim ? { claim } : {}),
        }),
      );
    if (key === undefined) {
      const { replayed: _, ...r } = await exec();
      return r;
    }
    const hash = requestHash({ type: 'ReportStandingItem', itemId, dto });
    // The report's append claims the key (one statement for both).
    const outcome = await this.idempotency.runCommand(actor.tokenId, key, hash, exec);
    if (outcome.replayed) markReplayed(res);
    const stored = outcome.body as StandingItemCommandResult;
    return { itemId: stored.itemId, version: stored.version, position: stored.position };
  }

  private timeTravel(q: TimeTravelQueryDto): StandingTimeTravel {
    const dayOf = (ms: number) => dateInZone(new Date(ms), PLAN_TIME_ZONE);
    return parseTimeTravel(q, dayOf(this.clock.now().getTime()), PLAN_TIME_ZONE, dayOf);
  }

  private async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.catalog.units().catch(() => [])).map((u) => [u.id, u.name]));
  }
}

function header(tt: StandingTimeTravel, position: number) {
  return { asOf: tt.asOf, knownAt: tt.knownAt?.toISOString() ?? null, position };
}
