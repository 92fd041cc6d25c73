import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { MilestonesModule } from '@app/milestones';
import { PlansModule } from '@app/plans';
import { IdempotencyModule } from '../http/idempotency.module';
import { StandingItemsController } from './standing-items.controller';

/** HTTP surface of standing items (常态化事项): reports and reads. */
@Module({
  imports: [MilestonesModule, PlansModule, EvidenceModule, IdempotencyModule],
  controllers: [StandingItemsController],
})
export class StandingItemsHttpModule {}
