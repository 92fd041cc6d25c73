import { Module } from '@nestjs/common';
import { EvidenceModule } from '@app/evidence';
import { MilestonesModule } from '@app/milestones';
import { PlansModule } from '@app/plans';
import { IdempotencyModule } from '../http/idempotency.module';
import { MilestoneChoicesController } from './milestone-choices.controller';
import { MilestoneCommandsController } from './milestone-commands.controller';

/** HTTP surface of milestone commands, the commands a caller may use, and history. */
@Module({
  imports: [MilestonesModule, PlansModule, EvidenceModule, IdempotencyModule],
  controllers: [MilestoneCommandsController, MilestoneChoicesController],
})
export class MilestonesHttpModule {}
