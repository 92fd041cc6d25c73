/**
 * `$all` records (decoded by the client's own converter from the native bridge's record shape) ↔ ledger
 * rows, without a server: what belongs to the service's log, its gapless numbering, the field-by-field check.
 */
import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import type { RecordedEvent } from '../event-store.port';
import {
  comparePositions,
  type LedgerCandidate,
  ledgerDiff,
  planLedger,
  toLedgerCandidate,
} from './kurrentdb-ledger-plan';

type BridgeResolved = Parameters<typeof convertRustEvent>[0];
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A `$all` record as the native bridge yields it, decoded by the client's own converter. */
function allRecord(over: Partial<NonNullable<BridgeResolved['event']>> = {}): AllStreamResolvedEvent {
  return convertRustEvent<AllStreamResolvedEvent>({
    event: {
      streamId: 'pm-milestone-m1',
      id: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      type: 'ProgressReported',
      isJson: true,
      revision: 0n,
      created: Date.UTC(2021, 2, 1, 8, 30, 0, 123),
      data: utf8(JSON.stringify({ percent: 40, narrative: '三区并进 🚀' })),
      metadata: utf8(JSON.stringify({ occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } })),
      position: { commit: 1000n, prepare: 1000n },
      ...over,
    },
  });
}

describe('KurrentDB mapping: $all records and ledger positions', () => {
  it('orders $all positions by commit, then prepare', () => {
    const p = (commit: bigint, prepare: bigint) => ({ commit, prepare });
    expect(comparePositions(p(10n, 10n), p(10n, 10n))).toBe(0);
    expect(comparePositions(p(10n, 10n), p(10n, 20n))).toBe(-1);
    expect(comparePositions(p(30n, 30n), p(10n, 20n))).toBe(1);
    expect(comparePositions(p(10n, 99n), p(11n, 11n))).toBe(-1);
  });

  it('turns a $all record into a ledger candidate: prefix stripped, revision 0 → version 1, JSON decoded', () => {
    const c = toLedgerCandidate(allRecord({ revision: 0n }), 'pm-');
    expect(c).toEqual({
      ok: true,
      event: {
        kurrentPosition: { commit: 1000n, prepare: 1000n },
        streamId: 'milestone-m1',
        version: 1,
        eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        type: 'ProgressReported',
        data: { percent: 40, narrative: '三区并进 🚀' },
        metadata: { occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } },
        recordedAt: new Date(Date.UTC(2021, 2, 1, 8, 30, 0, 123)),
      },
    });
    const later = toLedgerCandidate(allRecord({ revision: 6n }), 'pm-');
    expect(later.ok && later.event.version).toBe(7);
    const noPrefix = toLedgerCandidate(allRecord());
    expect(noPrefix.ok && noPrefix.event.streamId).toBe('pm-milestone-m1');
  });

  it('leaves out what is not part of the service log, deterministically', () => {
    const reason = (r: AllStreamResolvedEvent, prefix = 'pm-') => {
      const c = toLedgerCandidate(r, prefix);
      return c.ok ? 'ok' : c.reason;
    };
    expect(reason(allRecord({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' }))).toBe(
      'system event',
    );
    expect(reason(allRecord({ type: '$>' }))).toBe('system event');
    expect(reason(allRecord({ streamId: 'other-app-1' }))).toBe('outside the stream prefix');
    expect(reason(allRecord({ isJson: false, data: new Uint8Array([1, 2, 3]) }))).toBe('data is not JSON');
    expect(reason(allRecord({ metadata: new Uint8Array([0xff, 0x00]) }))).toBe('metadata is not JSON');
    expect(reason({})).toBe('no event (unresolved link)');
    // empty metadata is an empty object
    const c = toLedgerCandidate(allRecord({ metadata: new Uint8Array() }), 'pm-');
    expect(c.ok && c.event.metadata).toEqual({});
  });

  it('numbers candidates gaplessly after the ledger head; a repeated id keeps its first place', () => {
    const cand = (eventId: string, version: number): LedgerCandidate => ({
      kurrentPosition: { commit: BigInt(version * 100), prepare: BigInt(version * 100) },
      streamId: 's',
      version,
      eventId,
      type: 'T',
      data: {},
      metadata: {},
      recordedAt: new Date(0),
    });
    const plan = planLedger(
      41,
      [cand('a', 1), cand('old', 2), cand('b', 3), cand('a', 4), cand('c', 5)],
      new Set(['old']),
    );
    expect(plan.rows.map((r) => [r.eventId, r.position, r.version])).toEqual([
      ['a', 42, 1],
      ['b', 43, 3],
      ['c', 44, 5],
    ]);
    expect(plan.duplicates.map((d) => [d.eventId, d.version])).toEqual([
      ['old', 2],
      ['a', 4],
    ]);
    expect(planLedger(0, [], new Set()).rows).toEqual([]);
  });

  it('names the first field in which a ledger row and the KurrentDB event differ', () => {
    const c = toLedgerCandidate(allRecord({ revision: 2n }), 'pm-');
    if (!c.ok) throw new Error(c.reason);
    // a ledger row as read back (a RecordedEvent): the same JSON, its keys in another order
    const row: RecordedEvent = {
      ...c.event,
      position: 5,
      data: { narrative: '三区并进 🚀', percent: 40 },
      metadata: { actor: { system: 'test' }, occurredAt: '2021-03-01T00:00:00.000Z' },
    };
    expect(ledgerDiff(row, c.event)).toBeUndefined();
    expect(ledgerDiff({ ...row, eventId: 'x' }, c.event)).toBe('event id');
    expect(ledgerDiff({ ...row, streamId: 'x' }, c.event)).toBe('stream');
    expect(ledgerDiff({ ...row, version: 2 }, c.event)).toBe('version');
    expect(ledgerDiff({ ...row, type: 'X' }, c.event)).toBe('type');
    expect(ledgerDiff({ ...row, data: { percent: 100 } }, c.event)).toBe('data');
    expect(ledgerDiff({ ...row, metadata: { occurredAt: '2021-03-01T00:00:00.000Z' } }, c.event)).toBe(
      'metadata',
    );
    expect(ledgerDiff({ ...row, recordedAt: new Date(0) }, c.event)).toBe('recorded time');
  });
});
