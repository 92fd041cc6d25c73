/**
 * The follower's page of `$all`, without a server: a stand-in for the client's `readAll` that behaves as the
 * server does (inclusive of `fromPosition`, at most `maxCount`, the filter passed through), over records in the
 * native bridge's shape decoded by the client's own converter.
 */
import {
  type AllStreamResolvedEvent,
  type KurrentDBClient,
  type Position,
  type ReadAllOptions,
  START,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import { comparePositions } from './kurrentdb-ledger-plan';
import { positionOf, readAllAfter } from './kurrentdb-all-after';

type BridgeRecord = NonNullable<Parameters<typeof convertRustEvent>[0]['event']>;
const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

function bridgeRecord(n: number): BridgeRecord {
  return {
    streamId: 'pm-s',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'T',
    isJson: true,
    revision: BigInt(n),
    created: 0,
    data: new Uint8Array(Buffer.from('{}')),
    metadata: new Uint8Array(),
    position: at(n * 100),
  };
}

/** `$all` holding records at commit positions 100, 200, … (n of them); remembers the options of each read. */
function allOf(n: number): { client: KurrentDBClient; reads: ReadAllOptions[] } {
  const all = Array.from({ length: n }, (_, i) =>
    convertRustEvent<AllStreamResolvedEvent>({ event: bridgeRecord(i + 1) }),
  );
  const reads: ReadAllOptions[] = [];
  const client = {
    readAll(options: ReadAllOptions) {
      reads.push(options);
      const from = options.fromPosition;
      const after =
        from === START || typeof from !== 'object'
          ? all
          : all.filter((r) => comparePositions(positionOf(r), from) >= 0);
      return (async function* () {
        yield* after.slice(0, Number(options.maxCount));
      })();
    },
  };
  return { client: client as unknown as KurrentDBClient, reads };
}

const commits = (rs: AllStreamResolvedEvent[]) => rs.map((r) => Number(positionOf(r).commit));

describe('KurrentDB follower: reading $all after the ledger cursor', () => {
  it('reads from the start when the ledger has no cursor, and says whether more may follow', async () => {
    const filter = streamNameFilter({ prefixes: ['pm-'] });
    const { client, reads } = allOf(5);
    const first = await readAllAfter(client, filter, undefined, 3);
    expect(commits(first.records)).toEqual([100, 200, 300, 400]);
    expect(first.more).toBe(true);
    expect(reads[0]).toMatchObject({ fromPosition: START, maxCount: 4, filter, resolveLinkTos: false });
    const all = await readAllAfter(client, filter, undefined, 5);
    expect([commits(all.records), all.more]).toEqual([[100, 200, 300, 400, 500], false]);
  });

  it('leaves out the record at the cursor (the read is inclusive) and what lies before it', async () => {
    const { client } = allOf(5);
    const filter = streamNameFilter({ prefixes: ['pm-'] });
    const page = await readAllAfter(client, filter, at(200), 2);
    expect([commits(page.records), page.more]).toEqual([[300, 400], true]);
    const last = await readAllAfter(client, filter, at(400), 2);
    expect([commits(last.records), last.more]).toEqual([[500], false]);
    const end = await readAllAfter(client, filter, at(500), 2);
    expect([end.records, end.more]).toEqual([[], false]);
    // a cursor whose own record is no longer read (scavenged): nothing is skipped, one record more comes back
    const between = await readAllAfter(client, filter, at(250), 2);
    expect([commits(between.records), between.more]).toEqual([[300, 400, 500], true]);
  });

  it("takes a record's position from its event, else from its link, and refuses a record with neither", () => {
    const event = convertRustEvent<AllStreamResolvedEvent>({ event: bridgeRecord(3) });
    expect(positionOf(event)).toEqual(at(300));
    const link = convertRustEvent<AllStreamResolvedEvent>({ link: { ...bridgeRecord(7), type: '$>' } });
    expect(link.event).toBeUndefined();
    expect(positionOf(link)).toEqual(at(700));
    expect(() => positionOf({})).toThrow('a $all record without a position');
  });
});
