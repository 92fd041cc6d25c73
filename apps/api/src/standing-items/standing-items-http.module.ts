import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { MilestonesModule } from '@app/milestones';
import { PlansModule } from '@app/plans';
import { IdempotencyService } from '../http/idempotency.service';
import { IdempotencyOwner } from '../http/idempotency-owner';
import { StandingItemsController } from './standing-items.controller';

/** HTTP surface of standing items (常态化事项): reports and reads. */
@Module({
  imports: [MilestonesModule, PlansModule, EvidenceModule],
  controllers: [StandingItemsController],
  providers: [IdempotencyService, IdempotencyOwner],
})
export class StandingItemsHttpModule {}
