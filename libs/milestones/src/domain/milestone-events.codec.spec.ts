import { MalformedEventError, type StoredEvent } from '@app/event-store';
import { toMilestoneEvent } from '../commands/stored-milestone-events';
import { MILESTONE_EVENTS } from './milestone-events.codec';
import { aMilestonePlanned, aMilestoneRevised, aProgressReported } from './testing/milestone.builders';

function stored(type: string, data: unknown, metadata: Partial<StoredEvent['metadata']> = {}): StoredEvent {
  return {
    eventId: 'e-1',
    type,
    data,
    metadata: { occurredAt: '2021-03-01T00:00:00.000Z', ...metadata },
    streamId: 'milestone-sanqu-2020.T05-2021',
    version: 3,
    position: 40,
    recordedAt: new Date('2021-03-02T00:00:00.000Z'),
    prevHash: '',
    hash: '',
  };
}

describe('MILESTONE_EVENTS (stored milestone events, decoded)', () => {
  it('upcasts a plan line written before assignments and 全市: lead mode and city-wide filled in', () => {
    const older = aMilestonePlanned({ leadUnits: ['u-a', 'u-b'], zones: [] }).data;
    expect(older.leadMode).toBeUndefined();
    const e = MILESTONE_EVENTS.decode(stored('MilestonePlanned', older));
    expect(e?.type === 'MilestonePlanned' && e.data).toMatchObject({
      leadMode: 'separately',
      cityWide: true,
    });
    const single = MILESTONE_EVENTS.decode(stored('MilestoneAdded', aMilestonePlanned().data));
    expect(single?.type === 'MilestoneAdded' && single.data).toMatchObject({
      leadMode: 'single',
      cityWide: false,
    });
  });

  it('keeps what a current plan line states', () => {
    const current = aMilestonePlanned({
      leadUnits: ['u-a', 'u-b'],
      leadMode: 'jointly',
      cityWide: false,
    }).data;
    expect(MILESTONE_EVENTS.decode(stored('MilestonePlanned', current))?.data).toBe(current);
  });

  it('upcasts a revision that changed the lead units or places but not how they lead or 全市', () => {
    const revised = aMilestoneRevised({ leadUnits: ['u-a', 'u-b'], zones: [] }).data;
    const e = MILESTONE_EVENTS.decode(stored('MilestoneRevised', revised));
    expect(e?.type === 'MilestoneRevised' && e.data).toMatchObject({
      leadMode: 'separately',
      cityWide: true,
    });
    const textOnly = aMilestoneRevised().data;
    const t = MILESTONE_EVENTS.decode(stored('MilestoneRevised', textOnly));
    expect(t?.data).toBe(textOnly);
  });

  it('is what the fold reads: toMilestoneEvent gives the upcast payload and both time axes', () => {
    const e = toMilestoneEvent(
      stored('MilestonePlanned', aMilestonePlanned({ leadUnits: ['u-a', 'u-b'] }).data, {
        actor: { role: 'admin', tokenName: 'x' },
      }),
    );
    expect(e).toMatchObject({
      type: 'MilestonePlanned',
      data: { leadMode: 'separately' },
      occurredAt: '2021-03-01T00:00:00.000Z',
      recordedAt: '2021-03-02T00:00:00.000Z',
      backdated: false,
      actor: { role: 'admin' },
    });
    expect(toMilestoneEvent(stored('PlanImported', {}))).toBeUndefined();
  });

  it('rejects a malformed payload naming the stream, version and type', () => {
    const bad = { ...aProgressReported().data, percent: '50' };
    expect(() => toMilestoneEvent(stored('ProgressReported', bad))).toThrow(MalformedEventError);
    expect(() => toMilestoneEvent(stored('ProgressReported', bad))).toThrow(
      'Stored event milestone-sanqu-2020.T05-2021@3 is not a valid ProgressReported (milestone events): ' +
        'field "percent" is string, not number',
    );
  });
});
