import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestActor } from '@app/access';
import type { AppendClaim } from '@app/event-store';
import {
  ExecuteMilestoneCommand,
  type Executed,
  MilestoneHistoryQuery,
  type HistoryEntry,
  type MilestoneCommand,
  type MilestoneCommandResult,
  type MilestoneCommandType,
} from '@app/milestones';
import { EvidenceFiles } from '@app/evidence';
import { AppError } from '@app/platform';
import { PlanCatalogQueries } from '@app/plans';
import { ifMatchTag, invalidIfMatch } from '../http/if-match';
import { IdempotencyService, requestHash } from '../http/idempotency.service';
import { markReplayed } from '../http/idempotent-replayed';
import { MilestoneCommandRoutes, type RunsMilestoneCommands } from './command-routes';
import { historyAsOf } from './history-as-of';
import { historyCsv } from './history.csv';
import { ApiHistoryResponse } from './history.dto';
import { MILESTONE_LOOKUP, MayNotFind } from '../http/openapi/may-not-find';

const VERSION = { en: 'a stream version number, e.g. "3"', zh: '版本号，例如 "3"' };

function parseIfMatch(value: string | undefined): number | undefined {
  // A version only: anything ifMatchTag accepts that is not digits is refused the same way.
  const tag = ifMatchTag(value, VERSION);
  if (tag === undefined) return undefined;
  if (!/^\d{1,9}$/.test(tag)) throw invalidIfMatch(VERSION);
  return Number(tag);
}

/**
 * Milestone commands and history. The command routes, one per command, come from the tables
 * (`@MilestoneCommandRoutes()`, `command-routes.ts`); each hands its request to `run`.
 */
@ApiTags('milestones')
@Controller('api/v1/milestones')
@MilestoneCommandRoutes()
@MayNotFind(MILESTONE_LOOKUP)
export class MilestoneCommandsController implements RunsMilestoneCommands {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly history: MilestoneHistoryQuery,
    private readonly catalog: PlanCatalogQueries,
    private readonly evidenceFiles: EvidenceFiles,
  ) {}

  @Get(':id/history')
  @ApiOperation({
    summary:
      'Every event of the milestone: type, data, actor, occurredAt, recordedAt, position, hash, backdated',
  })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['json', 'csv'],
    description:
      'csv: UTF-8 with BOM, opens in Excel; times in the plan zone with its offset (2020-01-01 00:00:00+08:00)',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'YYYY-MM-DD: leave out what happened after that day (plan zone), as the 办理历史 panel does',
  })
  @ApiQuery({
    name: 'knownAt',
    required: false,
    description: 'an instant or a date: leave out what was recorded after it',
  })
  @ApiHistoryResponse()
  async getHistory(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: FastifyReply,
    @Query('format') format?: string,
    @Query('asOf') asOf?: string,
    @Query('knownAt') knownAt?: string,
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
    const entries = historyAsOf(await this.history.history(id), {
      ...(asOf !== undefined ? { asOf } : {}),
      ...(knownAt !== undefined ? { knownAt } : {}),
    });
    const names = new Map((await this.catalog.units().catch(() => [])).map((u) => [u.id, u.name]));
    const rows = entries.map((e) => ({
      ...e,
      actorUnitName: e.actor?.unit ? (names.get(e.actor.unit) ?? e.actor.unit) : null,
    }));
    if (format === 'csv') {
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="history-${encodeURIComponent(id)}.csv"`);
      return historyCsv(rows, (u) => names.get(u) ?? u);
    }
    return rows;
  }

  /** Not a route itself: the command routes call it. */
  async run(
    type: MilestoneCommandType,
    milestoneId: string,
    dto: { occurredAt?: string } & object,
    actor: RequestActor,
    idempotencyKey: string | undefined,
    ifMatch: string | undefined,
    res: FastifyReply,
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
    const exec = (claim?: AppendClaim) =>
      this.commands.execute<ExecuteMilestoneCommand, Executed<MilestoneCommandResult>>(
        new ExecuteMilestoneCommand(milestoneId, command, {
          actor: {
            tokenId: actor.tokenId,
            tokenName: actor.tokenName,
            role: actor.role,
            ...(actor.unit ? { unit: actor.unit } : {}),
          },
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
          ...(claim ? { claim } : {}),
        }),
      );
    if (idempotencyKey === undefined) {
      const { replayed: _, ...r } = await exec();
      res.header('ETag', `"${r.version}"`);
      return r;
    }
    const hash = requestHash({ type, milestoneId, dto, expectedVersion: expectedVersion ?? null });
    // The command's append claims the key (one statement for both).
    const outcome = await this.idempotency.runCommand(actor.tokenId, idempotencyKey, hash, exec);
    const stored = outcome.body as MilestoneCommandResult;
    if (outcome.replayed) markReplayed(res);
    res.header('ETag', `"${stored.version}"`);
    // The same bytes every time, whatever the command's result holds besides (and for an answer stored before
    // migration 1764890000000, which comes back from jsonb with its keys reordered).
    return { milestoneId: stored.milestoneId, version: stored.version, position: stored.position };
  }
}
