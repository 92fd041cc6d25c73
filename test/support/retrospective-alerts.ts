import { type EventStore, newEventId } from '@app/event-store';
import { M } from './retrospective-steps';

/**
 * The alerts of 2021 in the retrospective scenario (`retrospective-scenario.ts`), written as the alerts capability
 * writes them: two overdue alerts on T07-2021, raised on 2021-12-30 at 02:00 and 03:00, the first acknowledged at 08:00.
 */
export async function writeAlertsOf2021(store: EventStore): Promise<void> {
  const raise = async (n: number, raisedAt: string) =>
    store.append(
      `alert-overdue:${M('T07-2021')}:e2e${n}`,
      [
        {
          eventId: newEventId(),
          type: 'AlertRaised',
          data: {
            alertId: `overdue:${M('T07-2021')}:e2e${n}:1`,
            key: `overdue:${M('T07-2021')}:e2e${n}`,
            episode: 1,
            rule: 'overdue',
            level: 'warning',
            asOf: raisedAt.slice(0, 10),
            reasons: [],
            milestone: {
              milestoneId: M('T07-2021'),
              taskNo: 7,
              taskTitle: '推动产业转型升级',
              text: '2021年',
              dueDate: '2021-12-31',
              baselineDueDate: '2021-12-31',
              leadUnits: ['dept-industry-it'],
              cooperatingUnits: [],
            },
            facts: {},
          },
          metadata: { occurredAt: raisedAt, actor: { system: 'monitor' } },
        },
      ],
      'any',
    );
  await raise(1, '2021-12-30T02:00:00Z');
  await raise(2, '2021-12-30T03:00:00Z');
  await store.append(
    `alert-overdue:${M('T07-2021')}:e2e1`,
    [
      {
        eventId: newEventId(),
        type: 'AlertAcknowledged',
        data: {
          alertId: `overdue:${M('T07-2021')}:e2e1:1`,
          episode: 1,
          by: { tokenId: 'e2e', tokenName: '督查室王五', role: 'supervisor' },
        },
        metadata: { occurredAt: '2021-12-30T08:00:00Z' },
      },
    ],
    'any',
  );
}
