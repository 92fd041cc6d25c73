import type { TimelineVersion } from './assignment-timeline';
import { newAssignmentFacts, type BoardAssignmentState } from './facts-state';
import type { HealthStep } from './health-steps';
import { NO_DAY, packVersions, VersionPack, type PackedFacts } from './version-pack';

const facts = (o: Partial<BoardAssignmentState>): BoardAssignmentState => ({
  ...newAssignmentFacts(
    { key: 'u', leadUnits: ['u'] },
    { planLeadUnits: ['u'], planLeadMode: 'single', periodFrom: 2021, periodTo: 2021, dueDate: '2021-12-31' },
  ),
  lifecycle: 'in_progress',
  ...o,
});

const version = (effectiveOn: string, knownFromMs: number, state: BoardAssignmentState): TimelineVersion => ({
  effectiveOn,
  position: knownFromMs,
  knownFromMs,
  eventType: 'ProgressReported',
  backdated: false,
  streamVersion: 1,
  state,
  redFlagIn: null,
  steps: undefined,
});

const steps = (...s: [string, HealthStep['colour']][]): HealthStep[] =>
  s.map(([on, colour]) => ({ on, colour, codes: '' }));

const day = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

function read(pack: VersionPack, asOf: string, knownMs = Infinity): PackedFacts | undefined {
  const o = pack.find(day(asOf), knownMs);
  if (o < 0) return undefined;
  const out = {} as PackedFacts;
  pack.read(o, day(asOf), out);
  return out;
}

describe('VersionPack (an assignment’s versions, packed)', () => {
  // Written in position order: 04-01 (known at 10), 05-01 (20), then a backdated report dated 04-15 (30), which
  // also wrote a new version for 05-01 (30).
  const pack = new VersionPack(
    Buffer.concat([
      packVersions([
        {
          version: version('2021-04-01', 10, facts({ percent: 20, lastReportOn: '2021-04-01' })),
          steps: steps(['2021-04-01', 'green']),
        },
        {
          version: version('2021-05-01', 20, facts({ percent: 40, lastReportOn: '2021-05-01' })),
          steps: steps(['2021-05-01', 'green'], ['2021-06-02', 'grey']),
        },
      ]),
      packVersions([
        {
          version: version('2021-04-15', 30, facts({ percent: 30, lastReportOn: '2021-04-15' })),
          steps: steps(['2021-04-15', 'amber']),
        },
        {
          version: version(
            '2021-05-01',
            30,
            facts({
              percent: 40,
              lastReportOn: '2021-05-01',
              submittedOn: '2021-05-01',
              lifecycle: 'submitted',
            }),
          ),
          steps: steps(['2021-05-01', 'green']),
        },
      ]),
    ]),
  );

  it('finds the version in force as of a date, the last written of that date', () => {
    expect(pack.length).toBe(4);
    expect(read(pack, '2021-03-31')).toBeUndefined();
    expect(read(pack, '2021-04-20')).toMatchObject({ percent: 30, health: 'amber' });
    expect(read(pack, '2021-07-01')).toMatchObject({
      percent: 40,
      lifecycle: 'submitted',
      submittedDay: day('2021-05-01'),
      acceptedDay: NO_DAY,
      dueDay: day('2021-12-31'),
      periodFrom: 2021,
    });
  });

  it('as known at an instant, and with the health step in force on the date', () => {
    expect(read(pack, '2021-04-20', 20)).toMatchObject({ percent: 20, health: 'green' });
    expect(read(pack, '2021-07-01', 20)).toMatchObject({
      percent: 40,
      lifecycle: 'in_progress',
      health: 'grey',
    });
    expect(read(pack, '2021-05-20', 20)).toMatchObject({ health: 'green' });
    expect(read(pack, '2021-04-20', 5)).toBeUndefined();
  });

  it('keeps whether the assignment was cancelled with the whole milestone (byte 13; 0 in older packs)', () => {
    const dropped = facts({ lifecycle: 'cancelled', cancelledWithMilestone: true });
    const cancelled = new VersionPack(
      packVersions([{ version: version('2021-06-01', 40, dropped), steps: [] }]),
    );
    expect(read(cancelled, '2021-07-01')).toMatchObject({
      lifecycle: 'cancelled',
      cancelledWithMilestone: true,
    });
    expect(read(pack, '2021-07-01')).toMatchObject({ cancelledWithMilestone: false });
  });
});
