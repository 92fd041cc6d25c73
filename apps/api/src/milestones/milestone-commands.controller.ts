import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, type RequestActor, Roles } from '@app/access';
import {
  ExecuteMilestoneCommand,
  MilestoneHistoryQuery,
  type HistoryEntry,
  type MilestoneCommand,
  type MilestoneCommandResult,
  type MilestoneCommandType,
} from '@app/milestones';
import { EvidenceFiles } from '@app/evidence';
import { AppError } from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import { IdempotencyService, requestHash } from '../http/idempotency.service';
import { OptionalHeader } from '../http/optional-header';
import {
  AcceptCompletionDto,
  MilestoneCommandResultDto,
  ReasonDto,
  RebaselineDto,
  ReportDelayDto,
  ReportProgressDto,
  ReviseIndicatorTargetDto,
  SubmitCompletionDto,
} from './milestone-command.dto';
import { historyCsv } from './history.csv';

const COMMAND_HEADERS = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Same key + same body → the first response, nothing written again; same key + other body → 422',
  }),
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'expected stream version; a mismatch → 409 with the current version',
  }),
];

function CommandDocs(summary: string): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of [
      ApiOperation({ summary }),
      ApiOkResponse({ type: MilestoneCommandResultDto }),
      ApiForbiddenResponse({ description: 'role or unit may not do this (nothing written)' }),
      ApiConflictResponse({ description: 'version conflict (If-Match) or lifecycle conflict' }),
      ApiUnprocessableEntityResponse({ description: 'domain rule refused it (problem+json with code)' }),
      ApiServiceUnavailableResponse({
        description:
          'MILESTONE_BUSY: too many concurrent writers for too long; nothing written, see Retry-After',
      }),
      ...COMMAND_HEADERS,
    ]) {
      d(target, key, descriptor);
    }
  };
}

function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) {
    throw new AppError({
      kind: 'validation',
      code: 'INVALID_IF_MATCH',
      field: 'If-Match',
      message: 'If-Match must be a stream version number, e.g. "3"',
      messageZh: 'If-Match 必须是版本号，例如 "3"',
    });
  }
  return Number(m[1]);
}

/** Milestone commands (progress, delays, completion, 销号, return, re-baseline, cancellation) and history. */
@ApiTags('milestones')
@Controller('api/v1/milestones')
export class MilestoneCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly history: MilestoneHistoryQuery,
    private readonly catalog: PlanCatalogQueries,
    private readonly evidenceFiles: EvidenceFiles,
  ) {}

  @Post(':id/progress')
  @HttpCode(200)
  @Roles('reporter', 'supervisor')
  @CommandDocs('Report progress (reporters of the lead or a cooperating unit)')
  progress(
    @Param('id') id: string,
    @Body() dto: ReportProgressDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('ReportProgress', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/delays')
  @HttpCode(200)
  @Roles('reporter', 'supervisor')
  @CommandDocs('Report a delay with a reason and a forecast date')
  delay(
    @Param('id') id: string,
    @Body() dto: ReportDelayDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('ReportDelay', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Roles('reporter')
  @CommandDocs('Submit completion with evidence (reporters of the lead unit)')
  completion(
    @Param('id') id: string,
    @Body() dto: SubmitCompletionDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('SubmitCompletion', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/acceptance')
  @HttpCode(200)
  @Roles('supervisor')
  @CommandDocs('Accept a submitted completion (销号, supervisors)')
  accept(
    @Param('id') id: string,
    @Body() dto: AcceptCompletionDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('AcceptCompletion', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('supervisor')
  @CommandDocs('Return a submitted completion with a reason (退回, supervisors)')
  return(
    @Param('id') id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('ReturnCompletion', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/rebaseline')
  @HttpCode(200)
  @Roles('supervisor')
  @CommandDocs('Move the due date (the baseline is kept; supervisors)')
  rebaseline(
    @Param('id') id: string,
    @Body() dto: RebaselineDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('RebaselineDueDate', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/indicator-target')
  @HttpCode(200)
  @Roles('supervisor')
  @CommandDocs('Revise an indicator target (old and new kept; supervisors)')
  reviseTarget(
    @Param('id') id: string,
    @Body() dto: ReviseIndicatorTargetDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('ReviseIndicatorTarget', id, dto, actor, key, ifMatch, res);
  }

  @Post(':id/cancellation')
  @HttpCode(200)
  @Roles('supervisor')
  @CommandDocs('Cancel the milestone with a reason (supervisors)')
  cancel(
    @Param('id') id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) res: Response,
    @OptionalHeader('Idempotency-Key') key?: string,
    @OptionalHeader('If-Match') ifMatch?: string,
  ): Promise<MilestoneCommandResult> {
    return this.run('CancelMilestone', id, dto, actor, key, ifMatch, res);
  }

  @Get(':id/history')
  @ApiOperation({
    summary:
      'Every event of the milestone: type, data, actor, occurredAt, recordedAt, position, hash, backdated',
  })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['json', 'csv'],
    description: 'csv: UTF-8 with BOM, opens in Excel',
  })
  async getHistory(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @Query('format') format?: string,
  ): Promise<(HistoryEntry & { actorUnitName: string | null })[] | string> {
    if (format !== undefined && format !== 'json' && format !== 'csv') {
      throw new AppError({
        kind: 'validation',
        code: 'INVALID_FORMAT',
        field: 'format',
        message: 'format must be json or csv',
        messageZh: 'format 只能是 json 或 csv',
      });
    }
    const entries = await this.history.history(id);
    const names = new Map((await this.catalog.units().catch(() => [])).map((u) => [u.id, u.name]));
    const rows = entries.map((e) => ({
      ...e,
      actorUnitName: e.actor?.unit ? (names.get(e.actor.unit) ?? e.actor.unit) : null,
    }));
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="history-${encodeURIComponent(id)}.csv"`);
      return historyCsv(rows);
    }
    return rows;
  }

  private async run<T extends MilestoneCommandType>(
    type: T,
    milestoneId: string,
    dto: { occurredAt?: string } & object,
    actor: RequestActor,
    idempotencyKey: string | undefined,
    ifMatch: string | undefined,
    res: Response,
  ): Promise<MilestoneCommandResult> {
    const { occurredAt, ...sent } = dto;
    // References to uploaded files get their size and content type (400 EVIDENCE_FILE_MISSING if not uploaded).
    const data =
      'evidence' in sent ? { ...sent, evidence: await this.evidenceFiles.attach(sent.evidence) } : sent;
    const command = {
      type,
      data,
      actor: { role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) },
      ...(occurredAt !== undefined ? { occurredAt } : {}),
    } as unknown as MilestoneCommand;
    const expectedVersion = parseIfMatch(ifMatch);
    const exec = () =>
      this.commands.execute<ExecuteMilestoneCommand, MilestoneCommandResult>(
        new ExecuteMilestoneCommand(milestoneId, command, {
          actor: {
            tokenId: actor.tokenId,
            tokenName: actor.tokenName,
            role: actor.role,
            ...(actor.unit ? { unit: actor.unit } : {}),
          },
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        }),
      );
    if (idempotencyKey === undefined) {
      const r = await exec();
      res.setHeader('ETag', `"${r.version}"`);
      return r;
    }
    const hash = requestHash({ type, milestoneId, dto, expectedVersion: expectedVersion ?? null });
    const outcome = await this.idempotency.run(actor.tokenId, idempotencyKey, hash, async () => ({
      status: 200,
      body: await exec(),
    }));
    const stored = outcome.body as MilestoneCommandResult;
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${stored.version}"`);
    // The same bytes every time (the stored copy comes back from jsonb with its keys reordered).
    return { milestoneId: stored.milestoneId, version: stored.version, position: stored.position };
  }
}
