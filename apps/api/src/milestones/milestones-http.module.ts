import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { MilestonesModule } from '@app/milestones';
import { PlansModule } from '@app/plans';
import { IdempotencyService } from '../http/idempotency.service';
import { IdempotencyOwner } from '../http/idempotency-owner';
import { MilestoneCommandsController } from './milestone-commands.controller';

/** HTTP surface of milestone commands and history. */
@Module({
  imports: [MilestonesModule, PlansModule, EvidenceModule],
  controllers: [MilestoneCommandsController],
  providers: [IdempotencyService, IdempotencyOwner],
})
export class MilestonesHttpModule {}
