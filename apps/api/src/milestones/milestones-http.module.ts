import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { MilestonesModule } from '@app/milestones';
import { PlansModule } from '@app/plans';
import { IdempotencyService } from '../http/idempotency.service';
import { IdempotencyOwner } from '../http/idempotency-owner';
import { MilestoneChoicesController } from './milestone-choices.controller';
import { MilestoneCommandsController } from './milestone-commands.controller';

/** HTTP surface of milestone commands, the commands a caller may use, and history. */
@Module({
  imports: [MilestonesModule, PlansModule, EvidenceModule],
  controllers: [MilestoneCommandsController, MilestoneChoicesController],
  providers: [IdempotencyService, IdempotencyOwner],
})
export class MilestonesHttpModule {}
