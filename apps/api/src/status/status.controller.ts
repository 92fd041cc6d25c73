import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type RequestActor } from '@app/access';
import { ALERTS_MONITOR, ALERTS_NOTIFIER } from '@app/alerts';
import { ConsumerRunner } from '@app/event-store';
import { Clock } from '@app/platform';
import { PLAN_CATALOG_CONSUMER } from '@app/plans';
import { MILESTONE_BOARD_CONSUMER } from '@app/read-models';
import { BEHIND_AFTER_SECONDS, type Freshness, freshnessOf, type WatchedConsumer } from './freshness';
import { FreshnessDto } from './freshness.dto';

/** The consumers whose tables the dashboard reads (figures) or that send the alert notices. */
const WATCHED: readonly WatchedConsumer[] = [
  { name: PLAN_CATALOG_CONSUMER, labelZh: '计划目录', affects: 'figures' },
  { name: MILESTONE_BOARD_CONSUMER, labelZh: '里程碑看板', affects: 'figures' },
  { name: ALERTS_MONITOR, labelZh: '预警监测', affects: 'figures' },
  { name: ALERTS_NOTIFIER, labelZh: '预警通知', affects: 'notices' },
];

/** Whether the figures the service answers with are up to date. */
@ApiTags('status')
@Controller('api/v1/status')
export class StatusController {
  constructor(
    private readonly runner: ConsumerRunner,
    private readonly clock: Clock,
  ) {}

  @Get('freshness')
  @ApiOperation({
    summary: 'Whether the figures are up to date: each consumer current, behind or failing (any valid token)',
    description:
      'The read models behind every figure are fed by consumers of the events. `state` is the worst of those ' +
      'feeding the figures (plan-catalog, milestone-board, alerts-monitor); `notices` is the alert notifier’s, ' +
      `which sends mail but feeds no figure. behind: the oldest event not yet counted was recorded more than ` +
      `${BEHIND_AFTER_SECONDS} s ago (\`pendingSinceSeconds\`); failing: stuck on an event (since, retries, the event; the error line for admins). ` +
      'A database outage is 503 problem+json with Retry-After.',
  })
  @ApiOkResponse({ type: FreshnessDto })
  @ApiServiceUnavailableResponse({ description: 'DATABASE_UNAVAILABLE (problem+json, Retry-After)' })
  async freshness(@CurrentActor() actor: RequestActor): Promise<Freshness> {
    const statuses = await this.runner.status();
    // Ages on the database's clock, the one `updated_at` and `recorded_at` were written on (a host's may be off).
    const now = statuses[0]?.readAt ?? this.clock.now();
    return freshnessOf(statuses, WATCHED, now, actor.role === 'admin');
  }
}
