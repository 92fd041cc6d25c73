import { Client } from 'pg';

/**
 * Samples PostgreSQL's backends waiting on a lock (`pg_stat_activity`, every `everyMs`) on a connection of its own,
 * until `stop`: the mean number waiting, by client (`application_name`) and lock (`wait_event`: `advisory` is the
 * append lock, which every append batch of every API process takes).
 */
export async function sampleLockWaits(url: string, everyMs = 50): Promise<{ stop(): Promise<string> }> {
  const pg = new Client({ connectionString: url, application_name: 'bench-lock-sampler' });
  await pg.connect();
  const waiting: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pg.query<{ who: string; n: number }>(
        `SELECT coalesce(nullif(application_name, ''), backend_type) || ' ' || wait_event AS who, count(*)::int AS n
           FROM pg_stat_activity WHERE wait_event_type = 'Lock' GROUP BY 1`,
      );
      samples++;
      for (const r of rows) waiting[r.who] = (waiting[r.who] ?? 0) + r.n;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await pg.end();
      const line = Object.entries(waiting)
        .sort((a, b) => b[1] - a[1])
        .map(([who, n]) => `${who} ${(n / Math.max(1, samples)).toFixed(3)}`)
        .join(', ');
      return `backends waiting on a lock, mean of ${samples} samples: ${line || 'none'}`;
    },
  };
}
