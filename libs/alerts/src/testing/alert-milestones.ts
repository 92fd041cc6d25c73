import { type EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId, type MilestonePlannedData } from '@app/milestones';

/** Milestones of the alerts' tests' own, written as events straight to the store (MilestonePlanned, DelayReported). */

let planned = 0;

/**
 * A milestone of plan sanqu-2020 led by `lead` alone, due 2021-12-31 unless `over` says otherwise: task 901, 902,
 * … in a test file (clear of the seed's tasks), titled 测试事项1, 测试事项2, …; its id and title.
 */
export async function planMilestone(
  store: EventStore,
  lead: string,
  over: Partial<MilestonePlannedData> = {},
): Promise<{ id: string; title: string }> {
  const n = ++planned;
  const id = `sanqu-2020.T${900 + n}-2021`;
  const data: MilestonePlannedData = {
    milestoneId: id,
    planKey: 'sanqu-2020',
    taskNo: 900 + n,
    section: 1,
    taskTitle: `测试事项${n}`,
    period: { from: 2021, to: 2021 },
    dueDate: '2021-12-31',
    text: '2021年，完成测试工程。',
    indicators: [],
    leadUnits: [lead],
    cooperatingUnits: [],
    zones: [],
    districts: [],
    ...over,
  };
  const metadata = { occurredAt: '2020-12-31T16:00:00.000Z', actor: { system: 'test' } };
  await store.append(
    milestoneStreamId(id),
    [{ eventId: newEventId(), type: 'MilestonePlanned', data, metadata }],
    'no_stream',
  );
  return { id, title: data.taskTitle };
}

/** A delay reported on milestone `id` by a reporter, now: the delay rule alerts its lead unit at once. */
export async function reportDelay(store: EventStore, id: string, reason = '资金未到位'): Promise<void> {
  await store.append(
    milestoneStreamId(id),
    [
      {
        eventId: newEventId(),
        type: 'DelayReported',
        data: { reason, forecastDate: '2099-12-31' },
        metadata: { occurredAt: new Date().toISOString(), actor: { role: 'reporter', tokenName: 'r' } },
      },
    ],
    'any',
  );
}
