import type { Client } from 'pg';
import type { Tally } from './fault';
import { call, type Answer } from './http';

/** One progress report with its own Idempotency-Key; its narrative is unique, so its events can be counted. */
export interface KeyedCommand {
  readonly key: string;
  readonly milestoneId: string;
  readonly narrative: string;
}

export function keyedCommands(prefix: string, n: number, milestoneIds: readonly string[]): KeyedCommand[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i}`,
    milestoneId: milestoneIds[i % milestoneIds.length]!,
    narrative: `${prefix} 第${i}份报送`,
  }));
}

/**
 * The seed plan's milestone ids with one assignment, from the events: a report without `assignment` on a milestone
 * led separately by several units (分别牵头) is refused (400 ASSIGNMENT_REQUIRED) when the reporter leads none.
 */
export async function milestoneIds(pg: Client): Promise<string[]> {
  const r = await pg.query<{ id: string }>(
    `SELECT data->>'milestoneId' AS id FROM events
      WHERE type = 'MilestonePlanned' AND jsonb_array_length(data->'leadUnits') <= 1 ORDER BY global_position`,
  );
  return r.rows.map((x) => x.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the commands from `lanes` concurrent clients. A client that gets no answer (connection refused or
 * dropped) or a 5xx sends the same command with the same key again, every 200 ms, until it has an answer or the
 * load's deadline passes (then each command left is tried once); every `duplicateEvery`-th command is sent twice at once (a client retrying too eagerly).
 * `base()` is asked before every attempt (the service may be restarted elsewhere). Returns every answer per key.
 */
export async function runKeyedLoad(opts: {
  readonly commands: readonly KeyedCommand[];
  readonly lanes: number;
  readonly token: string;
  readonly base: () => string;
  readonly duplicateEvery?: number;
  readonly deadlineMs: number;
  readonly onAnswer?: (answered: number) => void;
}): Promise<Map<string, Answer[]>> {
  const answers = new Map<string, Answer[]>(opts.commands.map((c) => [c.key, []]));
  let answered = 0;
  const until = Date.now() + opts.deadlineMs;
  const send = async (c: KeyedCommand): Promise<void> => {
    for (;;) {
      const a = await call(opts.base(), 'POST', `/api/v1/milestones/${c.milestoneId}/progress`, {
        token: opts.token,
        headers: { 'idempotency-key': c.key },
        body: { percent: 50, narrative: c.narrative },
      });
      answers.get(c.key)!.push(a);
      if ((a.status !== 0 && a.status < 500) || Date.now() > until) return;
      await sleep(200);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.lanes }, async () => {
      for (let i = next++; i < opts.commands.length; i = next++) {
        const c = opts.commands[i]!;
        const twice = opts.duplicateEvery !== undefined && i % opts.duplicateEvery === 0;
        await Promise.all(twice ? [send(c), send(c)] : [send(c)]);
        opts.onAnswer?.(++answered);
      }
    }),
  );
  return answers;
}

/**
 * Each command must end answered 200, every 200 the same bytes, and be recorded exactly once (its narrative in
 * one ProgressReported event). Any other answer is unexpected, but for the 5xx statuses in `allowed5xx` (a fault
 * that takes the database away: 503, retried). Counts into the tally.
 */
export async function verifyKeyed(
  pg: Client,
  commands: readonly KeyedCommand[],
  answers: ReadonlyMap<string, readonly Answer[]>,
  t: Tally,
  allowed5xx: readonly number[] = [],
): Promise<void> {
  const r = await pg.query<{ narrative: string; n: number }>(
    `SELECT data->>'narrative' AS narrative, count(*)::int AS n FROM events
      WHERE type = 'ProgressReported' AND data->>'narrative' = ANY($1::text[]) GROUP BY 1`,
    [commands.map((c) => c.narrative)],
  );
  const recorded = new Map(r.rows.map((x) => [x.narrative, x.n]));
  for (const c of commands) {
    const got = answers.get(c.key) ?? [];
    t.fiveXx += got.filter((a) => a.status >= 500).length;
    const ok = got.filter((a) => a.status === 200);
    const wrong = got.filter((a) => a.status !== 200 && a.status !== 0 && !allowed5xx.includes(a.status));
    const n = recorded.get(c.narrative) ?? 0;
    for (const a of wrong) t.problem('unexpected', `${c.key}: ${a.status} ${codeOf(a.text)}`);
    if (ok.length === 0) t.problem('unexpected', `${c.key}: never answered 200 (${got.length} attempts)`);
    if (new Set(ok.map((a) => a.text)).size > 1) t.problem('unexpected', `${c.key}: differing 200 answers`);
    if (ok.length > 0 && n === 0) t.problem('lost', `${c.key}: answered 200, not recorded`);
    if (n > 1) t.problem('dup', `${c.key}: recorded ${n} times`, n - 1);
  }
}

/** The problem+json `code` of an answer, or the start of its text. */
export function codeOf(text: string): string {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : text.slice(0, 120);
  } catch {
    return text.slice(0, 120);
  }
}
