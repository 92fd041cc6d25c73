import { Injectable } from '@nestjs/common';
import { EventActorQueries } from '@app/event-store';
import { COMMAND_EVENT_TYPES, DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import { dateInZone } from '@app/platform';

export interface SimulatedDataInfo {
  /** Always true: the object is only there for simulated data. */
  readonly simulated: true;
  /** When the simulator recorded its first event (ISO instant). */
  readonly generatedAt: string;
  /** The latest `occurredAt` among the milestone reports (ISO instant): the end of the simulated period. */
  readonly lastOccurredAt: string | null;
  /**
   * The plan day (YYYY-MM-DD, Asia/Shanghai) of `lastOccurredAt`: the day the dashboard opens on, since the
   * simulated history ends years before today.
   */
  readonly simulatedUntil: string | null;
}

const NEGATIVE_CACHE_MS = 10_000;

/**
 * Is the history in this database the demo simulator's? The first milestone report in the store tells
 * (one index lookup on `(type, global_position)`): the simulator only runs on a database with no reports.
 * A positive answer is kept for the life of the process (events are never deleted).
 */
@Injectable()
export class SimulatedDataQuery {
  private positive: SimulatedDataInfo | undefined;
  private negativeUntil = 0;

  constructor(private readonly events: EventActorQueries) {}

  async info(): Promise<SimulatedDataInfo | null> {
    if (this.positive) return this.positive;
    if (Date.now() < this.negativeUntil) return null;
    const first = await this.events.firstOfTypes(COMMAND_EVENT_TYPES);
    if (!first || first.system !== DEMO_SIMULATOR_SYSTEM) {
      this.negativeUntil = Date.now() + NEGATIVE_CACHE_MS;
      return null;
    }
    const lastAt = await this.events.lastOccurredAtBySystem(COMMAND_EVENT_TYPES, DEMO_SIMULATOR_SYSTEM);
    const info: SimulatedDataInfo = {
      simulated: true,
      generatedAt: first.recordedAt.toISOString(),
      lastOccurredAt: lastAt?.toISOString() ?? null,
      simulatedUntil: lastAt ? dateInZone(lastAt) : null,
    };
    // The simulation may still be running: keep the answer only a while, then look at the end date again.
    this.negativeUntil = 0;
    this.positive = info;
    setTimeout(() => (this.positive = undefined), 30_000).unref();
    return info;
  }
}
