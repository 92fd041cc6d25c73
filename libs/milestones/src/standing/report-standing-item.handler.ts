import { CommandHandler, type ICommand, type ICommandHandler } from '@nestjs/cqrs';
import {
  type Actor,
  type AppendClaim,
  contentHash,
  deterministicUuid,
  EventStore,
  newEventId,
  type NewEvent,
  type StoredEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { AppError, Clock } from '@app/platform';
import type { Executed } from '../commands/executed';
import { standingItemContended } from '../commands/command-contended.error';
import { KeyedQueue, QueueWaitTimeout } from '../commands/keyed-queue';
import { refusedAt } from '../commands/refused-at';
import {
  decideStandingItem,
  foldStandingItem,
  type ReportStandingItem,
  type StandingItemState,
} from './standing-item';
import { standingStreamId, type StandingItemEvent } from './standing-item.events';
import { toStandingItemEvent } from './stored-standing-events';

export interface StandingItemCommandResult {
  readonly itemId: string;
  /** The stream's version after the report. */
  readonly version: number;
  /** The global position reached. */
  readonly position: number;
}

/** Records one report on a standing item (常态化事项): load → decide (pure) → append with the expected version. */
export class ReportStandingItemCommand implements ICommand {
  constructor(
    readonly itemId: string,
    readonly command: ReportStandingItem,
    readonly options: {
      /** The caller's token and unit, kept on the event. */
      readonly actor: Actor;
      /** `Idempotency-Key` (scoped to the token): the event id derives from it, so a retry writes nothing. */
      readonly idempotencyKey?: string;
      /** The key claimed by the append itself (the store's `claimsKeys`; see ExecuteMilestoneCommand's). */
      readonly claim?: AppendClaim;
    },
  ) {}
}

export function standingItemNotFound(itemId: string): AppError {
  return new AppError({
    kind: 'not_found',
    code: 'STANDING_ITEM_NOT_FOUND',
    field: 'itemId',
    message: `No standing item "${itemId}"`,
    messageZh: `常态化事项不存在：${itemId}`,
    details: { itemId },
  });
}

/** The events of a standing item's stream as the fold reads them. */
export function standingEvents(stored: readonly StoredEvent[]): StandingItemEvent[] {
  return stored.map(toStandingItemEvent).filter((e): e is StandingItemEvent => e !== undefined);
}

/**
 * A report appends one event to its own stream; a race with another process is retried this many times (then 503
 * STANDING_ITEM_BUSY; there is no If-Match on a report, so a version conflict is never the caller's answer).
 */
const ATTEMPTS = 20;
const QUEUE_WAIT_MS = 10_000;
/** What a contended report's 503 asks the caller to wait (Retry-After). */
const RETRY_AFTER_SECONDS = 1;

@CommandHandler(ReportStandingItemCommand)
export class ReportStandingItemHandler implements ICommandHandler<
  ReportStandingItemCommand,
  Executed<StandingItemCommandResult>
> {
  /** Reports on one item take turns in this process. */
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: ReportStandingItemCommand): Promise<Executed<StandingItemCommandResult>> {
    try {
      return await this.queue.run(standingStreamId(cmd.itemId), QUEUE_WAIT_MS, () => this.attempt(cmd));
    } catch (e) {
      // Too many reports on the item waited here, or raced other processes, for too long: 503, nothing written.
      if (e instanceof QueueWaitTimeout || e instanceof WrongExpectedVersionError)
        throw standingItemContended(cmd.itemId, RETRY_AFTER_SECONDS);
      throw e;
    }
  }

  private async attempt({
    itemId,
    command,
    options,
  }: ReportStandingItemCommand): Promise<Executed<StandingItemCommandResult>> {
    const streamId = standingStreamId(itemId);
    const key = options.idempotencyKey;
    const eventId =
      key !== undefined
        ? deterministicUuid(`${options.actor.tokenId ?? ''}/${key}/${contentHash(command)}/standing`)
        : newEventId();
    for (let attempt = 1; ; attempt++) {
      // Every attempt reads the stream and looks for the report's event before deciding: a retry of a report
      // already recorded (same key) gets the first result whatever the item's state now (withdrawn since, say).
      const stored = await this.store.readStream(streamId);
      const done = stored.find((e) => e.eventId === eventId);
      if (done) return { itemId, version: done.version, position: done.position, replayed: true };
      const state = foldStandingItem(standingEvents(stored));
      if (!state.exists) throw standingItemNotFound(itemId);
      const decisions = decided(command, state, this.clock.now(), stored.at(-1)?.position);
      const events: NewEvent[] = decisions.map((d) => ({
        eventId,
        type: d.type,
        data: d.data,
        metadata: {
          occurredAt: d.occurredAt,
          backdated: d.backdated,
          actor: options.actor,
          correlationId: key !== undefined ? deterministicUuid(`${eventId}/correlation`) : newEventId(),
        },
      }));
      try {
        const r = await this.store.append(streamId, events, stored.at(-1)!.version, options.claim);
        return { itemId, version: r.version, position: r.position, replayed: r.alreadyStored };
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError) || attempt >= ATTEMPTS) throw e;
      }
    }
  }
}

/** The report's events; a refusal as the item is now (withdrawn, 409) says where its stream is (`refusedAt`). */
function decided(
  command: ReportStandingItem,
  state: StandingItemState,
  now: Date,
  position: number | undefined,
): ReturnType<typeof decideStandingItem> {
  try {
    return decideStandingItem(command, state, now);
  } catch (e) {
    throw refusedAt(e, position);
  }
}
