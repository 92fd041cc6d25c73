import { Controller, Get, HttpCode, Inject, type OnApplicationBootstrap, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig, DATABASE_OUTAGES, DATABASE_STATES, DatabaseHealth } from '@app/platform';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@app/access';
import { ConsumerRunner } from '@app/event-store';
import { ImportSeedPlanOnStart, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { BoardWarmUp, MILESTONE_BOARD_CONSUMER, ReferenceDataWarmUp } from '@app/read-models';
import { RETRY_AFTER_SECONDS } from '../http/send-problem';

const LIVENESS_STATUSES = ['ok'] as const;
const READINESS_STATUSES = ['ready', 'not_ready'] as const;
/**
 * Why not ready, in this order: the database's outage, the seed plan not yet served, the board not yet loaded into
 * memory (a query process loads it as it starts: `BoardWarmUp`), or, last, its reference data not yet read
 * (`ReferenceDataWarmUp`, also `board_loading`).
 */
const READINESS_REASONS = [...DATABASE_OUTAGES, 'error', 'reference_data_pending', 'board_loading'] as const;

/** What readiness says: states and reason codes only (never a host, a port or a server message). */
export interface Readiness {
  status: (typeof READINESS_STATUSES)[number];
  database: (typeof DATABASE_STATES)[number];
  reason?: (typeof READINESS_REASONS)[number];
}

class LivenessDto {
  @ApiProperty({ enum: LIVENESS_STATUSES, enumName: 'LivenessStatus' })
  status!: (typeof LIVENESS_STATUSES)[number];
}

class ReadinessDto implements Readiness {
  @ApiProperty({ enum: READINESS_STATUSES, enumName: 'ReadinessStatus' }) status!: Readiness['status'];
  @ApiProperty({ enum: DATABASE_STATES, enumName: 'DatabaseState' }) database!: Readiness['database'];
  @ApiPropertyOptional({
    type: 'string',
    enum: READINESS_REASONS,
    enumName: 'ReadinessReason',
    description:
      'why not ready: the database outage, `error`, `reference_data_pending` (the seed plan not yet served) or `board_loading` (the board not yet loaded into memory, or the reference data its filters are checked against not yet read)',
  })
  reason?: Readiness['reason'];
}

/** The consumers that serve the seed plan: reference data (plan catalogue) and the milestone board. */
const REFERENCE_CONSUMERS = [PLAN_CATALOG_CONSUMER, MILESTONE_BOARD_CONSUMER];

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController implements OnApplicationBootstrap {
  private referenceDataServed = false;

  constructor(
    private readonly db: DatabaseHealth,
    private readonly seed: ImportSeedPlanOnStart,
    private readonly runner: ConsumerRunner,
    private readonly board: BoardWarmUp,
    private readonly reference: ReferenceDataWarmUp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Readiness waits for the board in memory: its load begins as the application is up, not on a first question. */
  onApplicationBootstrap(): void {
    this.board.start();
  }

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: the database takes a write, the seed plan (IMPORT_SEED_ON_START) is imported and served (PROCESS_ROLE=all), and the board is loaded into memory, its reference data read (PROCESS_ROLE=api or all); 503 otherwise',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'not ready (Retry-After)' })
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<Readiness> {
    const notReady = (body: Readiness): Readiness => {
      res.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS));
      return body;
    };
    const db = await this.db.check();
    if (!db.ok) return notReady({ status: 'not_ready', database: db.database, reason: db.reason });
    if (!(await this.referenceDataReady())) {
      return notReady({ status: 'not_ready', database: 'up', reason: 'reference_data_pending' });
    }
    if (!this.board.ready || !(await this.reference.ready())) {
      return notReady({ status: 'not_ready', database: 'up', reason: 'board_loading' });
    }
    return { status: 'ready', database: 'up' };
  }

  /**
   * Whether the consumers that serve the seed plan have reached its import, when they run in this process
   * (PROCESS_ROLE=all, the default). An API-only instance does not wait for the workers (they may wait for it:
   * docker-compose starts the workers once the API is healthy). Once reached, it stays so (a later rebuild
   * does not flap readiness).
   */
  private async referenceDataReady(): Promise<boolean> {
    if (this.referenceDataServed) return true;
    const position = this.seed.seedPosition;
    this.referenceDataServed =
      position === undefined ||
      this.config.role !== 'all' ||
      (await this.runner.waitForPosition(position, 0, REFERENCE_CONSUMERS).catch(() => false));
    return this.referenceDataServed;
  }
}
