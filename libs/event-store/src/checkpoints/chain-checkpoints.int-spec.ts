import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { FixedClock, loadConfig } from '@app/platform';
import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { testEvent } from '../testing/event-store.contract';
import { ChainCheckpoints } from './chain-checkpoints';
import { signCheckpoint, type SignedCheckpoint } from './checkpoint';
import { checkpointKeyFiles, readPublicKey } from './checkpoint-keys';

import { runCli } from '../../../../test/support/run-cli';

describe('signed checkpoints against a tampered store (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let dataDir: string;
  let checkpoints: ChainCheckpoints;

  beforeEach(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
    store = new PostgresEventStore(ds);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-checkpoints-'));
    checkpoints = new ChainCheckpoints(
      store,
      new FixedClock('2026-12-01T09:00:00.000Z'),
      loadConfig({ DATA_DIR: dataDir }),
    );
    await appendEvents(1, 10);
  });
  afterEach(async () => {
    await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function appendEvents(from: number, to: number): Promise<void> {
    for (let i = from; i <= to; i++) {
      await store.append(
        `m-${i % 3}`,
        [testEvent('ProgressReported', { percent: i * 10, narrative: `第${i}次` })],
        'any',
      );
    }
  }

  /** What only the owner can do: switch the append-only trigger off and change history. */
  async function asOwner(sql: string): Promise<void> {
    await ds.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
    await ds.query(sql);
    await ds.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
  }

  /** Rewrites the event at `position` and recomputes every later hash, so the chain verifies again. */
  const rewriteAndRehash = (position: number) =>
    asOwner(`
      UPDATE events SET data = jsonb_set(data, '{percent}', '100') WHERE global_position = ${position};
      DO $$ DECLARE r record; v_prev text; v_hash text; BEGIN
        SELECT hash INTO v_prev FROM events WHERE global_position = ${position - 1};
        FOR r IN SELECT * FROM events WHERE global_position >= ${position} ORDER BY global_position LOOP
          v_hash := encode(sha256(convert_to(pm_event_canonical(v_prev, r.global_position, r.stream_id,
                      r.stream_version, r.event_id, r.type, r.data, r.metadata, r.recorded_at), 'UTF8')), 'hex');
          UPDATE events SET prev_hash = v_prev, hash = v_hash WHERE global_position = r.global_position;
          v_prev := v_hash;
        END LOOP;
      END $$;`);

  const save = (c: SignedCheckpoint, name = 'checkpoint.json') => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, JSON.stringify(c));
    return file;
  };
  const cli = (args: string[]) => runCli(['events', ...args], { DATABASE_URL: url, DATA_DIR: dataDir });
  const publicKey = () =>
    readPublicKey(fs.readFileSync(checkpointKeyFiles(dataDir).publicKey, 'utf8'), 'the public key');

  it('an intact store passes against a checkpoint made by the CLI, with the exported public key too (exit 0)', async () => {
    const out = path.join(dataDir, 'cp.json');
    const made = await cli(['checkpoint', '--out', out]);
    expect(made.code).toBe(0);
    const cp = JSON.parse(fs.readFileSync(out, 'utf8')) as SignedCheckpoint;
    const [head] = await store.readAll(9, 1);
    expect(cp).toMatchObject({
      position: 10,
      headHash: head!.hash,
      headRecordedAt: head!.recordedAt.toISOString(),
    });
    expect(fs.statSync(checkpointKeyFiles(dataDir).privateKey).mode & 0o777).toBe(0o600);
    await appendEvents(11, 12); // the store moved on: an older checkpoint still holds
    const exported = path.join(dataDir, 'exported.pub');
    expect((await cli(['public-key', '--out', exported])).code).toBe(0);
    const r = await cli(['verify', '--against', out, '--public-key', exported]);
    expect(r.stdout).toContain('OK: the checkpoint');
    expect(r.stdout).toContain('12 events');
    expect(r.code).toBe(0);
  });

  it('a removed tail passes the chain check alone, but not against an older checkpoint (exit 4)', async () => {
    const cp = await checkpoints.create();
    expect(cp.position).toBe(10);
    await asOwner('DELETE FROM events WHERE global_position > 7');
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 7 });
    expect(await checkpoints.check(cp, publicKey())).toEqual({
      ok: false,
      failure: 'mismatch',
      position: 10,
      reason: 'position 10 is missing: the store ends at position 7 (events were removed)',
    });
    const r = await cli(['verify', '--against', save(cp)]);
    expect(r.stdout).toContain('CHECKPOINT MISMATCH: position 10 is missing');
    expect(r.code).toBe(4);
  });

  it('a rewritten and re-hashed history passes the chain check alone, but not against an older checkpoint (exit 4)', async () => {
    const older = await checkpoints.create();
    await appendEvents(11, 12);
    const newer = await checkpoints.create();
    await rewriteAndRehash(5);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 12 });
    for (const cp of [older, newer]) {
      expect(await checkpoints.check(cp, publicKey())).toMatchObject({
        ok: false,
        failure: 'mismatch',
        position: cp.position,
        reason: expect.stringContaining('(history was rewritten)'),
      });
    }
    const r = await cli(['verify', '--against', save(older)]);
    expect(r.stdout).toContain(`CHECKPOINT MISMATCH: the event at position 10 has hash`);
    expect(r.code).toBe(4);
  });

  it('a forged or altered checkpoint is refused before the store is looked at (exit 3)', async () => {
    const cp = await checkpoints.create();
    const altered = { ...cp, position: 7, headHash: (await store.readAll(6, 1))[0]!.hash };
    expect(await checkpoints.check(altered, publicKey())).toMatchObject({ ok: false, failure: 'signature' });
    const forger = generateKeyPairSync('ed25519');
    const forged = signCheckpoint(
      { position: 10, headHash: cp.headHash, headRecordedAt: cp.headRecordedAt, createdAt: cp.createdAt },
      forger.privateKey,
    );
    for (const bad of [altered, forged, { ...forged, keyFingerprint: cp.keyFingerprint }]) {
      const r = await cli(['verify', '--against', save(bad)]);
      expect(r.stdout).toContain('SIGNATURE INVALID');
      expect(r.code).toBe(3);
    }
  });

  it('a broken chain still fails as before (exit 1), and no checkpoint is signed for it', async () => {
    const cp = await checkpoints.create();
    await asOwner(`UPDATE events SET data = jsonb_set(data, '{percent}', '0') WHERE global_position = 3`);
    expect(await checkpoints.check(cp, publicKey())).toMatchObject({
      ok: false,
      failure: 'chain',
      position: 3,
    });
    await expect(checkpoints.create()).rejects.toMatchObject({ code: 'CHAIN_BROKEN' });
    const r = await cli(['verify', '--against', save(cp)]);
    expect(r.stdout).toContain('BROKEN at position 3');
    expect(r.code).toBe(1);
    const made = await cli(['checkpoint']);
    expect(made.code).toBe(1);
    expect(made.stdout).toContain('No checkpoint: the hash chain is broken at position 3');
  });

  it('an unreadable or malformed checkpoint file is bad input (exit 2)', async () => {
    const missing = await cli(['verify', '--against', path.join(dataDir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read checkpoint');
    fs.writeFileSync(path.join(dataDir, 'bad.json'), '{"format":"progress-monitor.checkpoint/1"}');
    const bad = await cli(['verify', '--against', path.join(dataDir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"algorithm" must be "ed25519"');
  });
});
