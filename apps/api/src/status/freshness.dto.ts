import { ApiProperty } from '@nestjs/swagger';
import {
  BEHIND_AFTER_SECONDS,
  type ConsumerFreshness,
  FRESHNESS_AFFECTS,
  FRESHNESS_STATES,
  type Freshness,
  type FreshnessAffects,
  type FreshnessState,
} from './freshness';

/** The state of a consumer, of the figures or of the notices: one schema of the document. */
const FRESHNESS_STATE = {
  type: 'string',
  enum: FRESHNESS_STATES,
  enumName: 'FreshnessState',
  enumSchema: {
    description:
      `current (up to date, or its oldest event not yet counted recorded at most ${BEHIND_AFTER_SECONDS} s ago), ` +
      `behind (its oldest event not yet counted recorded more than ${BEHIND_AFTER_SECONDS} s ago: its figures ` +
      'are that old, however often its checkpoint moves), failing (stuck on an event: it retries, and ' +
      'nothing after that event is counted until the cause is fixed or the event skipped)',
  },
} as const;

class ConsumerFreshnessDto implements ConsumerFreshness {
  @ApiProperty({ example: 'milestone-board' }) name!: string;
  @ApiProperty({ example: '里程碑看板' }) labelZh!: string;
  @ApiProperty({
    type: 'string',
    enum: FRESHNESS_AFFECTS,
    enumName: 'FreshnessAffects',
    description:
      'figures: its tables feed the figures the dashboard shows (plan-catalog, milestone-board, alerts-monitor); ' +
      'notices: it sends the alert notices (alerts-notifier), the figures do not depend on it',
  })
  affects!: FreshnessAffects;
  @ApiProperty(FRESHNESS_STATE) state!: FreshnessState;
  @ApiProperty({ description: 'events after its checkpoint (head − position)' }) lag!: number;
  @ApiProperty({ description: 'its checkpoint: the last event it counted' }) position!: number;
  @ApiProperty({ description: 'the last event stored' }) head!: number;
  @ApiProperty({ type: String, nullable: true, description: 'when its checkpoint last moved (ISO 8601)' })
  updatedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'seconds since its checkpoint last moved' })
  secondsSinceUpdate!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'when the oldest event it has not yet counted (the first after its checkpoint) was recorded (ISO 8601); ' +
      'null at the head',
  })
  pendingSince!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'seconds since that event was recorded: how far its tables lag behind; null at the head',
  })
  pendingSinceSeconds!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'failing: its first failure since its last success',
  })
  failingSince!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'failing: its failed batches (retries) so far' })
  failures!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'failing: the event it is stuck on (null while it is being pinned down, each retry halving the batch, ' +
      'or when the failure is not tied to an event, e.g. a database error such as a missing table)',
  })
  failingPosition!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'failing: the last error, one line; admins only (it may name internals), null for other roles',
  })
  error!: string | null;
}

export class FreshnessDto implements Freshness {
  @ApiProperty({
    ...FRESHNESS_STATE,
    description: 'the figures: the worst state of plan-catalog, milestone-board and alerts-monitor',
  })
  state!: FreshnessState;
  @ApiProperty({
    ...FRESHNESS_STATE,
    description: 'the alert notices (alerts-notifier): not the figures, which do not depend on it',
  })
  notices!: FreshnessState;
  @ApiProperty({
    example: BEHIND_AFTER_SECONDS,
    description: 'how long the oldest event not yet counted may wait before a consumer is behind',
  })
  behindAfterSeconds!: number;
  @ApiProperty({ type: [ConsumerFreshnessDto] }) consumers!: ConsumerFreshnessDto[];
}
