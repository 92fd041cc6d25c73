import { EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';

/** Milestones of the robots e2e test's own, written as events (MilestonePlanned, DelayReported). */

export async function until(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let seq = 0;

/** A milestone led by `lead` (task 81, 82, …, titled 机器人测试事项<n>); returns its id and title. */
export async function plan(
  store: EventStore,
  lead: string,
  dueDate = '2021-12-31',
): Promise<{ id: string; title: string }> {
  const n = ++seq;
  const id = `sanqu-2020.T8${n}-2021`;
  const title = `机器人测试事项${n}`;
  await store.append(
    milestoneStreamId(id),
    [
      {
        eventId: newEventId(),
        type: 'MilestonePlanned',
        data: {
          milestoneId: id,
          planKey: 'sanqu-2020',
          taskNo: 80 + n,
          section: 1,
          taskTitle: title,
          period: { from: 2021, to: 2021 },
          dueDate,
          text: '2021年，完成测试工程。',
          indicators: [],
          leadUnits: [lead],
          cooperatingUnits: [],
          zones: [],
          districts: [],
        },
        metadata: { occurredAt: '2020-12-31T16:00:00.000Z', actor: { system: 'test' } },
      },
    ],
    'no_stream',
  );
  return { id, title };
}

/** A delay reported on it: the delay rule alerts its lead unit at once. */
export async function delay(store: EventStore, id: string): Promise<void> {
  await store.append(
    milestoneStreamId(id),
    [
      {
        eventId: newEventId(),
        type: 'DelayReported',
        data: { reason: '资金未到位', forecastDate: '2099-12-31' },
        metadata: { occurredAt: new Date().toISOString(), actor: { role: 'reporter', tokenName: 'r' } },
      },
    ],
    'any',
  );
}
