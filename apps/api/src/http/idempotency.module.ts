import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { PlansModule } from '@app/plans';
import { IdempotencyOwner } from './idempotency-owner';
import { IdempotencyPurge } from './idempotency-purge';
import { IdempotencyService } from './idempotency.service';

/**
 * Idempotency-Key for every route that takes one: one service and one owner per process, so a key's claim, its
 * in-flight mark and the owner's lock are the same whichever module's route a request comes through.
 */
@Module({
  imports: [EventStoreModule, PlansModule], // whether appends claim keys; the unit names of a stored refusal
  providers: [IdempotencyService, IdempotencyOwner, IdempotencyPurge],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
