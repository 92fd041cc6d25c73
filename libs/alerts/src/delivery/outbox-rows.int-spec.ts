import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '@app/event-store';
import { createTestDataSource } from '@app/platform/testing';
import { loadAlertsConfig } from '../config/alerts-config';
import { deliverDue, markDeliverySent } from './outbox-rows';

describe('a delivery round when the process begins to stop (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
  });
  afterAll(() => close());

  async function pending(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      await ds.query(
        `INSERT INTO alert_deliveries (id, message_id, run_id, run_kind, as_of, recipient_email, recipient_name,
                                       subject, text_body, html_body, alert_ids, state, next_attempt_at, created_at)
         VALUES ($1, $2, 'run-1', 'scheduled', '2026-12-01', $3, 'x', 's', 't', 'h', '{}', 'pending', now(), now())`,
        [id, `<${id}@test>`, `unit-${i}@example.org`],
      );
    }
  }

  it('sends nothing new once stopping: the send under way finishes, the rows claimed are given back untried', async () => {
    await pending(3);
    const stop = new AbortController();
    const sent: string[] = [];
    const result = await deliverDue<{ id: string }>(ds, new PostgresEventStore(ds), loadAlertsConfig({}), {
      channels: ['mail'],
      columns: 'd.id',
      batch: 20,
      deliveredStream: (id) => `delivery-${id}`,
      deliveredType: 'Delivered',
      stop: stop.signal,
      send: async (row) => {
        stop.abort(); // SIGTERM during this send
        sent.push(row.id);
        await markDeliverySent(ds, row.id, null);
        return 'sent';
      },
    });
    expect(sent).toHaveLength(1);
    expect(result).toEqual({ sent: 1, alreadySent: 0, failed: 0, dead: 0 });
    const rows = await ds.query<{ state: string; attempts: number; due: boolean }[]>(
      `SELECT state, attempts, next_attempt_at <= now() AS due FROM alert_deliveries ORDER BY state`,
    );
    expect(rows).toEqual([
      { state: 'pending', attempts: 0, due: true },
      { state: 'pending', attempts: 0, due: true },
      { state: 'sent', attempts: 1, due: false }, // under its claim's lease
    ]);
  });
});
