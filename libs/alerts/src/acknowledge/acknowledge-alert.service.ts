import { Injectable } from '@nestjs/common';
import { EventStore, newEventId, type StoredEvent } from '@app/event-store';
import { Clock } from '@app/platform';
import { applyAlertEvent, foldAlertStream, type TimedAlertEvent } from '../domain/alert';
import { alertStreamId, type AlertAcknowledgedData } from '../domain/alert.events';
import { parseAlertId } from '../domain/alert-id';
import { AlertError } from '../domain/alert.errors';
import { toTimedAlertEvent } from '../monitor/alert-projection';
import { AlertQueries } from '../queries/alert.queries';
import type { AlertView } from '../queries/alert-views';

export interface Acknowledger {
  readonly tokenId: string;
  readonly tokenName: string;
  readonly role: string;
  readonly unit?: string;
}

export function toTimedAlertEvents(events: readonly StoredEvent[]): TimedAlertEvent[] {
  return events.map(toTimedAlertEvent).filter((e): e is TimedAlertEvent => e !== null);
}

/**
 * Acknowledgement (确认): someone responsible has seen the alert. It stops the weekly repeats and the
 * escalation; the alert still resolves by itself when its condition clears. Decided on the alert's stream
 * (not the read model) and appended with its expected version.
 */
@Injectable()
export class AcknowledgeAlertService {
  constructor(
    private readonly store: EventStore,
    private readonly queries: AlertQueries,
    private readonly clock: Clock,
  ) {}

  async acknowledge(
    id: string,
    note: string | undefined,
    by: Acknowledger,
  ): Promise<{ alert: AlertView; position: number }> {
    const parsed = parseAlertId(id);
    if (!parsed) throw new AlertError('ALERT_NOT_FOUND', { id });
    const stream = await this.store.readStream(alertStreamId(parsed.key));
    const episodes = foldAlertStream(toTimedAlertEvents(stream));
    const episode = episodes.get(parsed.episode);
    if (!episode) throw new AlertError('ALERT_NOT_FOUND', { id });
    if (episode.resolvedOn !== null) {
      throw new AlertError('ALERT_ALREADY_RESOLVED', { id, resolvedOn: episode.resolvedOn });
    }
    if (episode.acknowledged !== null) {
      throw new AlertError('ALERT_ALREADY_ACKNOWLEDGED', {
        id,
        acknowledgedAt: episode.acknowledged.at,
        acknowledgedBy: episode.acknowledged.by.tokenName,
      });
    }
    const m = episode.raised.milestone;
    if (
      by.role === 'reporter' &&
      (by.unit === undefined || (!m.leadUnits.includes(by.unit) && !m.cooperatingUnits.includes(by.unit)))
    ) {
      throw new AlertError('ALERT_NOT_RESPONSIBLE', { id, unit: by.unit ?? null });
    }
    const occurredAt = this.clock.now().toISOString();
    const data: AlertAcknowledgedData = {
      alertId: episode.alertId,
      episode: episode.episode,
      by: {
        tokenId: by.tokenId,
        tokenName: by.tokenName,
        role: by.role,
        ...(by.unit !== undefined ? { unit: by.unit } : {}),
      },
      ...(note !== undefined && note.trim() !== '' ? { note: note.trim() } : {}),
    };
    const r = await this.store.append(
      alertStreamId(parsed.key),
      [
        {
          eventId: newEventId(),
          type: 'AlertAcknowledged',
          data,
          metadata: { occurredAt, actor: { ...data.by } },
        },
      ],
      stream.length,
    );
    const after = applyAlertEvent(episodes, { type: 'AlertAcknowledged', data, occurredAt }).get(
      parsed.episode,
    )!;
    // Its figures restated as GET /alerts/{id} tells them (the subject and restatements as of today), the
    // acknowledgement applied.
    const told = await this.queries.toldToday(after);
    return { alert: this.queries.view(after, undefined, told.at, told.said), position: r.position };
  }
}
