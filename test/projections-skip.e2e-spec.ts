import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { ROOT, runCli } from './support/run-cli';

describe('CLI: projections skip / status of a failing consumer', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('refuses any position but the next event named by a failure (unless forced), steps over it once, and status shows the skip and a failure', async () => {
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'error' };
    const cli = (...args: string[]) => runCli(['projections', ...args], env);
    expect(
      (await runCli(['plan', 'import', path.join(ROOT, 'seeds/jiangmen-sanqu-2020-2022.txt')], env)).code,
    ).toBe(0);
    // The CLI runs no loop: the milestone board's checkpoint is 0, its next event is the plan's import (1).

    const notNext = await cli('skip', 'milestone-board', '5', '--reason', 'test');
    expect(notNext).toMatchObject({ code: 1, stdout: '' });
    expect(notNext.stderr).toContain(
      'Position 5 is not the next event milestone-board would handle (that is 1, after its checkpoint 0)\n拒绝跳过',
    );
    expect((await cli('skip', 'milestone-board', '999', '--reason', 'test')).stderr).toContain(
      'No event at position 999',
    );
    expect((await cli('skip', 'no-such-consumer', '1', '--reason', 'test')).code).toBe(2);
    expect((await cli('skip', 'milestone-board', '1')).code).toBe(2); // --reason is required

    // The next event, but no failure names it (the consumer is just behind): refused unless forced.
    const unnamed = await cli('skip', 'milestone-board', '1', '--reason', 'malformed payload');
    expect(unnamed).toMatchObject({ code: 1, stdout: '' });
    expect(unnamed.stderr).toContain(
      'milestone-board has no failure recorded (it may just be behind): only the event a recorded failure names ' +
        'can be skipped; see projections status (--force steps over the next event anyway)\n拒绝跳过',
    );
    const skipped = await cli('skip', 'milestone-board', '1', '--reason', 'malformed payload', '--force');
    expect(skipped).toMatchObject({ code: 0, stderr: '' });
    expect(skipped.stdout).toMatch(
      /^skipped milestone-board over event 1 \(PlanImported, stream plan-\S+, id [0-9a-f-]{36}\) \(forced\); checkpoint 1\n已跳过事件 1；/,
    );
    const again = await cli('skip', 'milestone-board', '1', '--reason', 'malformed payload');
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(
      /^milestone-board: event 1 \(PlanImported, .*\) already skipped \/ 该事件已跳过\n$/,
    );

    // A failure as the worker's loop records it.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(
      `UPDATE consumer_checkpoints SET failing_since = '2026-12-05T10:00:00Z', failures = 7, last_error = 'bad payload',
              failing_position = 2, failing_event_id = (SELECT event_id FROM events WHERE global_position = 2)
        WHERE name = 'milestone-board'`,
    );

    const json = await cli('status', '--json');
    expect(json.code).toBe(0);
    const board = (JSON.parse(json.stdout) as { name: string }[]).find((r) => r.name === 'milestone-board');
    expect(board).toMatchObject({
      position: 1,
      skips: [1],
      failing: {
        since: '2026-12-05T10:00:00.000Z',
        failures: 7,
        error: 'bad payload',
        position: 2,
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });

    const table = await cli('status');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/consumer +checkpoint +head +lag +updated +state +skips\n/);
    expect(table.stdout).toMatch(/milestone-board +1 +107 +106 +\S+ +FAILING +1\n/);
    expect(table.stdout).toContain(
      'milestone-board: failing since 2026-12-05T10:00:00.000Z (7 failed batches): bad payload\n  at event 2 (',
    );
    expect(table.stdout).toContain('projections skip milestone-board 2 --reason "…"');
    expect(table.stdout).toMatch(/1 failing: milestone-board \/ 有投影处理事件失败，见上\n$/);

    // Named by the failure: skipped without --force.
    const named = await cli('skip', 'milestone-board', '2', '--reason', 'bad payload');
    expect(named).toMatchObject({ code: 0, stderr: '' });
    expect(named.stdout).toMatch(/^skipped milestone-board over event 2 \(\w+, .*\); checkpoint 2\n/);

    // A failure not tied to an event (a migration not applied): status says so, and no skip.
    await pg.query(
      `UPDATE consumer_checkpoints SET failing_since = now(), failures = 3, last_error = 'relation "x" does not exist',
              last_error_code = '42P01' WHERE name = 'milestone-board'`,
    );
    await pg.end();
    const unbound = await cli('status');
    expect(unbound.stdout).toContain(
      'relation "x" does not exist\n  not tied to an event (SQLSTATE 42P01): every batch fails whatever it holds; ',
    );
    expect(unbound.stdout).not.toContain('projections skip milestone-board');
    expect((await cli('skip', 'milestone-board', '3', '--reason', 'innocent')).stderr).toContain(
      'milestone-board is failing but no event is named',
    );
  }, 180_000);
});
