import { Injectable, Logger } from '@nestjs/common';
import {
  deterministicUuid,
  EventIdReusedError,
  EventStore,
  WrongExpectedVersionError,
  type EventMetadata,
  type NewEvent,
} from '@app/event-store';
import { Clock, type IsoDate } from '@app/platform';
import type { TimedAlertEvent } from '../domain/alert';
import {
  ALERT_RUN_COMPLETED,
  ALERT_RUNS_STREAM,
  alertEventName,
  alertStreamId,
  type AlertRunCompletedData,
} from '../domain/alert.events';
import type { AlertDecision } from '../domain/evaluate';

/** What appending a decision did. */
export interface AppendedDecision {
  readonly decision: AlertDecision;
  readonly eventId: string;
  readonly event: TimedAlertEvent;
  readonly position: number;
}

function toEvent(d: AlertDecision, occurredAt: string): { eventId: string; event: TimedAlertEvent } {
  switch (d.kind) {
    case 'raise':
      return {
        eventId: deterministicUuid(alertEventName.raised(d.key, d.data.episode)),
        event: { type: 'AlertRaised', data: d.data, occurredAt },
      };
    case 'repeat':
      return {
        eventId: deterministicUuid(alertEventName.repeated(d.key, d.data.episode, d.data.occurrence)),
        event: { type: 'AlertRepeated', data: d.data, occurredAt },
      };
    case 'escalate':
      return {
        eventId: deterministicUuid(alertEventName.escalated(d.key, d.data.episode)),
        event: { type: 'AlertEscalated', data: d.data, occurredAt },
      };
    case 'resolve':
      return {
        eventId: deterministicUuid(alertEventName.resolved(d.key, d.data.episode)),
        event: { type: 'AlertResolved', data: d.data, occurredAt },
      };
    case 'restate':
      return {
        eventId: deterministicUuid(
          alertEventName.restated(d.key, d.data.episode, d.data.asOf, d.data.version),
        ),
        event: { type: 'AlertRestated', data: d.data, occurredAt },
      };
  }
}

/**
 * Appends alert decisions to their streams. Each transition has a deterministic event id: appending it again
 * is a no-op, and a different decision for the same transition (someone else got there first) is skipped.
 */
@Injectable()
export class AlertAppender {
  private readonly log = new Logger('Alerts');

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  private metadata(source: string, correlationId?: string): EventMetadata {
    return {
      occurredAt: this.clock.now().toISOString(),
      actor: { system: source },
      ...(correlationId ? { correlationId } : {}),
    };
  }

  /** Appends one decision; returns what was appended, or null when a conflicting transition already exists. */
  async append(d: AlertDecision, source: string, correlationId?: string): Promise<AppendedDecision | null> {
    const meta = this.metadata(source, correlationId);
    const { eventId, event } = toEvent(d, meta.occurredAt);
    const e: NewEvent = { eventId, type: event.type, data: event.data, metadata: meta };
    try {
      const r = await this.store.append(alertStreamId(d.key), [e], 'any');
      return { decision: d, eventId, event, position: r.position };
    } catch (err) {
      if (err instanceof EventIdReusedError || err instanceof WrongExpectedVersionError) {
        this.log.debug(`skipped ${d.kind} of ${d.key}: the same transition was already recorded`);
        return null;
      }
      throw err;
    }
  }

  /** Marks the end of a run that has something to notify (nothing is appended when `notify` is empty). */
  async completeRun(
    kind: AlertRunCompletedData['kind'],
    asOf: IsoDate,
    notify: readonly string[],
    source: string,
  ): Promise<{ runId: string; position: number } | null> {
    if (notify.length === 0) return null;
    const eventId = deterministicUuid(alertEventName.run(notify));
    const runId = `${kind}-${asOf}-${eventId.slice(0, 8)}`;
    const data: AlertRunCompletedData = { runId, kind, asOf, notify: [...notify].sort() };
    try {
      const r = await this.store.append(
        ALERT_RUNS_STREAM,
        [{ eventId, type: ALERT_RUN_COMPLETED, data, metadata: this.metadata(source, runId) }],
        'any',
      );
      return { runId, position: r.position };
    } catch (err) {
      if (err instanceof EventIdReusedError) return null;
      throw err;
    }
  }
}
