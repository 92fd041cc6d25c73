import { CommandHandler, type ICommand, type ICommandHandler } from '@nestjs/cqrs';
import {
  type Actor,
  type AppendClaim,
  contentHash,
  deterministicUuid,
  EventStore,
  type ExpectedHead,
  KeyClaimedError,
  newEventId,
  type NewEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { Clock } from '@app/platform';
import { decide, milestoneStreamId, type MilestoneCommand } from '../domain';
import type { Executed } from './executed';
import { MilestoneFolds } from './milestone-folds';
import { KeyedQueue, QueueWaitTimeout } from './keyed-queue';
import { CommandContendedError } from './command-contended.error';
import { refusedAt } from './refused-at';

export interface MilestoneCommandResult {
  readonly milestoneId: string;
  /** The stream's version after the command. */
  readonly version: number;
  /** The global position reached: pass it as `X-Min-Position` to read your own write. */
  readonly position: number;
}

/**
 * Run one milestone command: the stream's fold (kept by this process, or read) → decide (pure) → append after the
 * fold's head.
 */
export class ExecuteMilestoneCommand implements ICommand {
  constructor(
    readonly milestoneId: string,
    readonly command: MilestoneCommand,
    readonly options: {
      /** The caller's token and unit, kept on every event. */
      readonly actor: Actor;
      /** `If-Match`: the command applies only at this version (no retry). */
      readonly expectedVersion?: number;
      /** `Idempotency-Key` (scoped to the token): event ids derive from it, so a retry writes nothing. */
      readonly idempotencyKey?: string;
      /**
       * The key claimed by the append itself (the store's `claimsKeys`): KeyClaimedError, nothing appended, when
       * it was claimed before. Without it the caller claimed the key beforehand, if at all.
       */
      readonly claim?: AppendClaim;
      readonly correlationId?: string;
    },
  ) {}
}

/** How long a command without If-Match keeps trying (its turn in this process, then races with others). */
const DEADLINE_MS = 10_000;
/** Jittered backoff between attempts after a race with another process: random in [0, min(cap, base·2^n)]. */
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 250;
const RETRY_AFTER_SECONDS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@CommandHandler(ExecuteMilestoneCommand)
export class ExecuteMilestoneCommandHandler implements ICommandHandler<
  ExecuteMilestoneCommand,
  Executed<MilestoneCommandResult>
> {
  /** Commands on one stream take turns in this process. */
  private readonly queue = new KeyedQueue();
  /** Test seam: how long a command may wait and retry before it is answered with CommandContendedError. */
  deadlineMs = DEADLINE_MS;

  /** Each stream's fold, kept between commands (only the events appended since are read). */
  private readonly folds: MilestoneFolds;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {
    this.folds = new MilestoneFolds(store);
  }

  async execute(cmd: ExecuteMilestoneCommand): Promise<Executed<MilestoneCommandResult>> {
    const deadline = Date.now() + this.deadlineMs;
    const streamId = milestoneStreamId(cmd.milestoneId);
    try {
      return await this.queue.run(streamId, this.deadlineMs, () => this.attempt(cmd, deadline));
    } catch (e) {
      if (e instanceof QueueWaitTimeout)
        throw new CommandContendedError(cmd.milestoneId, RETRY_AFTER_SECONDS);
      throw e;
    }
  }

  /**
   * Load → decide → append; on a version conflict without If-Match (a writer in another process got in between),
   * reload and decide again after a jittered backoff until the deadline. With If-Match a conflict is the answer.
   */
  private async attempt(
    { milestoneId, command, options }: ExecuteMilestoneCommand,
    deadline: number,
  ): Promise<Executed<MilestoneCommandResult>> {
    const streamId = milestoneStreamId(milestoneId);
    // With an idempotency key, event ids derive from the caller, the key and the command itself: a retry of the
    // same command finds its events whenever it comes; the same key with another command is another command
    // (the HTTP layer answers 422 to that while it keeps the key's record).
    const key = options.idempotencyKey;
    const commandHash = key !== undefined ? contentHash(command) : '';
    const idFor = (i: number): string =>
      key !== undefined
        ? deterministicUuid(`${options.actor.tokenId ?? ''}/${key}/${commandHash}/${i}`)
        : newEventId();
    for (let attempt = 0; ; attempt++) {
      // The first attempt trusts the fold this process keeps, unread: the append names its head, so the store
      // refuses if another wrote since. Later attempts read the stream.
      const kept = attempt === 0 ? this.folds.kept(streamId) : undefined;
      const folded = kept ?? (await this.folds.load(streamId));
      const state = folded.state;
      /** The stream's version this attempt decided on (what its append expects). */
      const readVersion = folded.head ?? state.version;
      let appending = false;
      try {
        if (
          options.expectedVersion !== undefined &&
          state.exists &&
          state.version !== options.expectedVersion
        ) {
          throw new WrongExpectedVersionError(streamId, options.expectedVersion, state.version);
        }
        const decided = decide(command, state, this.clock.now());
        const correlationId = options.correlationId ?? (key !== undefined ? idFor(-1) : newEventId());
        const events: NewEvent[] = decided.map((d, i) => ({
          eventId: idFor(i),
          type: d.type,
          data: d.data,
          metadata: { occurredAt: d.occurredAt, backdated: d.backdated, actor: options.actor, correlationId },
        }));
        // A retry whose events are already stored with the same content gets the first result from the store.
        appending = true;
        const r = await this.store.append(streamId, events, readVersion, options.claim);
        this.folds.appended(streamId, folded, events, r);
        return { milestoneId, version: r.version, position: r.position, replayed: r.alreadyStored };
      } catch (e) {
        if (e instanceof KeyClaimedError) throw e; // (the key's record answers: the caller reads it)
        // What an unread fold refused (If-Match, a rule of `decide`) or the store refused after it (its head moved)
        // is decided again on the stream as stored, at once. A failed append of its events is not retried here.
        const recheck = !appending || e instanceof WrongExpectedVersionError;
        if (kept !== undefined && recheck) continue;
        // Without If-Match a version conflict comes from the append, which finds stored ids first: the command's
        // events are not stored, so race again.
        const race = e instanceof WrongExpectedVersionError && options.expectedVersion === undefined;
        // A retry of a command that was already appended (same idempotency key), refused now because the state
        // moved on (its own events, or later ones): answer as the first time. (Also this attempt's own append,
        // committed though its answer was lost: found after the version it read, so not a replay.)
        const first =
          key !== undefined && !race
            ? await this.firstAnswer(milestoneId, idFor(0), versionOf(readVersion))
            : undefined;
        if (first !== undefined) return first;
        // A refusal decided on the fold (read: a kept one was rechecked above) says where the stream is.
        if (!race) throw appending ? e : refusedAt(e, folded.position);
        // Someone else wrote meanwhile: reload and decide again, after a jittered pause, while time is left.
        const pause = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
        if (Date.now() + pause >= deadline) throw new CommandContendedError(milestoneId, RETRY_AFTER_SECONDS);
        await sleep(pause);
      }
    }
  }

  /**
   * The result of the command whose first event has this id, if it was appended: its last event's place; a replay
   * when it was stored by the stream's version the attempt read (before it: another request under the key).
   */
  private async firstAnswer(
    milestoneId: string,
    firstEventId: string,
    readVersion: number,
  ): Promise<Executed<MilestoneCommandResult> | undefined> {
    const stored = await this.store.readStream(milestoneStreamId(milestoneId));
    const done = stored.find((e) => e.eventId === firstEventId);
    if (done === undefined) return undefined;
    const last =
      stored.filter((e) => e.metadata.correlationId === done.metadata.correlationId).at(-1) ?? done;
    return {
      milestoneId,
      version: last.version,
      position: last.position,
      replayed: done.version <= readVersion,
    };
  }
}

/** The version an expected head names. */
const versionOf = (expected: number | ExpectedHead): number =>
  typeof expected === 'number' ? expected : expected.version;
