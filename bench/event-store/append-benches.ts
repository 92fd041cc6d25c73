import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresEventStore } from '@app/event-store';
import { fmt, round } from './harness';
import { type BenchResult, type RoundSettings, timedBench, type Variant } from './variants';
import { BATCH, INSERT_BATCH, insertOne, nextEvents, PM_APPEND, rawParams, Streams } from './workloads';

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Single-event appends at 1 and 8 clients and 100-event batches at 1 client: the store (group commit) against
 * raw INSERTs, with diagnostics (pm_append one transaction each, TypeORM's share, the secondary indexes' share).
 * Also returns the appends per transaction that group commit reached at each client count.
 */
export async function appendBenches(
  store: PostgresEventStore,
  ds: DataSource,
  pool: Pool,
  rounds: RoundSettings,
): Promise<{ benches: BenchResult[]; appendsPerTransaction: Record<string, number> }> {
  const benches: BenchResult[] = [];
  const groupCommit: Record<string, number> = {};
  for (const clients of [1, 8]) {
    const ours = new Streams(`one${clients}`);
    const viaPg = new Streams(`pg${clients}`);
    const raw = new Streams(`raw${clients}`);
    const variants: Variant[] = [
      {
        key: 'store',
        label: 'PostgresEventStore.append',
        role: 'ours',
        op: async (c) => {
          const { stream, version } = ours.next(c);
          await store.append(stream, nextEvents(1), version === 0 ? 'no_stream' : version);
          ours.advance(stream, 1);
          return 1;
        },
      },
      {
        key: 'raw',
        label: 'raw INSERT (pg, autocommit)',
        role: 'raw',
        op: async (c) => {
          const { stream, version } = raw.next(c);
          await pool.query(insertOne('raw_events'), rawParams(nextEvents(1)[0]!, stream, version + 1));
          raw.advance(stream, 1);
          return 1;
        },
      },
    ];
    // What every append was before group commit: one transaction (and one commit flush) each.
    variants.push({
      key: 'pm_append-pg',
      label: 'pm_append via raw pg (one transaction each)',
      role: 'diagnostic',
      op: async (c) => {
        const { stream, version } = viaPg.next(c);
        const kind = version === 0 ? 'no_stream' : 'exact';
        await pool.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(1))]);
        viaPg.advance(stream, 1);
        return 1;
      },
    });
    if (clients === 1) {
      variants.push(
        {
          key: 'raw-typeorm',
          label: 'raw INSERT via TypeORM',
          role: 'diagnostic',
          op: async (c) => {
            const { stream, version } = raw.next(c);
            await ds.query(insertOne('raw_events'), rawParams(nextEvents(1)[0]!, stream, version + 1));
            raw.advance(stream, 1);
            return 1;
          },
        },
        {
          key: 'raw-indexed',
          label: 'raw INSERT, events indexes (pg)',
          role: 'diagnostic',
          op: async (c) => {
            const { stream, version } = raw.next(c);
            await pool.query(
              insertOne('raw_events_indexed'),
              rawParams(nextEvents(1)[0]!, stream, version + 1),
            );
            raw.advance(stream, 1);
            return 1;
          },
        },
      );
    }
    const before = store.appendStats();
    benches.push(
      await timedBench(
        `append-1-${clients}c`,
        `Single-event appends, ${clients} client(s)`,
        clients,
        variants,
        rounds,
      ),
    );
    const after = store.appendStats();
    const perTransaction = round((after.units - before.units) / (after.batches - before.batches), 2);
    groupCommit[`${clients}c`] = perTransaction;
    log(`group commit: ${fmt(perTransaction, 2)} appends per transaction (warm-up included)`);
  }

  {
    const ours = new Streams('batch');
    const viaPg = new Streams('batchpg');
    const raw = new Streams('batchraw');
    benches.push(
      await timedBench(
        'append-batch',
        `${BATCH}-event batches, 1 client`,
        1,
        [
          {
            key: 'store',
            label: `PostgresEventStore.append ×${BATCH}`,
            role: 'ours',
            op: async (c) => {
              const { stream, version } = ours.next(c);
              await store.append(stream, nextEvents(BATCH), version === 0 ? 'no_stream' : version);
              ours.advance(stream, BATCH);
              return BATCH;
            },
          },
          {
            key: 'raw',
            label: `raw multi-row INSERT ×${BATCH} (pg)`,
            role: 'raw',
            op: async (c) => {
              const { stream, version } = raw.next(c);
              const params = nextEvents(BATCH).flatMap((e, i) => rawParams(e, stream, version + i + 1));
              await pool.query(INSERT_BATCH, params);
              raw.advance(stream, BATCH);
              return BATCH;
            },
          },
          {
            key: 'pm_append-pg',
            label: `pm_append ×${BATCH} via raw pg`,
            role: 'diagnostic',
            op: async (c) => {
              const { stream, version } = viaPg.next(c);
              const kind = version === 0 ? 'no_stream' : 'exact';
              await pool.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(BATCH))]);
              viaPg.advance(stream, BATCH);
              return BATCH;
            },
          },
        ],
        rounds,
      ),
    );
  }

  return { benches, appendsPerTransaction: groupCommit };
}
