import { randomUUID } from 'node:crypto';
import type { Op } from '../event-store/harness';
import { type HttpClient, httpClient } from './http-client';
import { type Setup, TOKEN } from './setup';

const NARRATIVE =
  '【基准测试】珠西综合交通枢纽江门站配套设施工程已完成主体结构，下阶段推进路基及水稳层施工。';

export type RequestKind =
  | 'command'
  | 'live'
  | 'commandIdem'
  | 'commandLong'
  | 'bareInsert'
  | 'bareInsert2'
  | 'stats'
  | 'list'
  | 'bareSelect'
  | 'bareSelect2';

/**
 * Clients of several processes of one kind, sharing the connections evenly: connection c talks to process
 * c mod n, which gets connections / n keep-alive sockets. This stands in for the balancer docker-compose leaves to the operator
 * in front of its API replicas (a connection stays with one process, as behind a connection-level balancer).
 */
function spread(urls: readonly string[], connections: number) {
  const clients: HttpClient[] = urls.map((u) => httpClient(u, Math.ceil(connections / urls.length)));
  return { of: (c: number) => clients[c % clients.length]!, clients };
}

/**
 * The request kinds, each an Op for `connections` clients. Client c reports on milestones of its own (every
 * connections-th one), so clients never conflict on a stream version. Anything but 200 stops the bench.
 */
export function requestKinds(
  s: Setup,
  connections: number,
  /** Per connection, a milestone whose stream was grown long (`growStreams`). */
  longIds: readonly string[],
): { kinds: Record<RequestKind, Op>; close(): void } {
  const apis = spread(s.apiUrls, connections);
  const bare = spread(s.bareUrls.slice(0, 1), connections);
  const bares = spread(s.bareUrls, connections);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const turns: number[] = [];
  const milestoneOf = (c: number) => {
    const k = (turns[c] = (turns[c] ?? -1) + 1);
    const own = s.milestoneIds.filter((_, i) => i % connections === c);
    return own[k % own.length]!;
  };
  const ok = (what: string) => (r: { status: number; body: string }) => {
    if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 500)}`);
    return 1;
  };
  const progress = (c: number) => ({ percent: 50, narrative: `${NARRATIVE}（客户端 ${c}）` });
  const report = (c: number, headers: Record<string, string>, id = milestoneOf(c)) =>
    apis.of(c).request('POST', `/api/v1/milestones/${id}/progress`, progress(c), { ...auth, ...headers });
  const bareInsert = (h: HttpClient, c: number) =>
    h.request('POST', '/progress', { milestoneId: milestoneOf(c), ...progress(c) }).then(ok('bare insert'));
  const bareSelect = (h: HttpClient, c: number) =>
    h.request('GET', `/milestones?section=${(c % 5) + 1}`).then(ok('bare select'));
  const kinds: Record<RequestKind, Op> = {
    command: (c) => report(c, {}).then(ok('progress')),
    live: (c) => apis.of(c).request('GET', '/health/live', undefined, auth).then(ok('live')),
    commandLong: (c) => report(c, {}, longIds[c]).then(ok('progress on a long stream')),
    commandIdem: (c) =>
      report(c, { 'idempotency-key': randomUUID() }).then(ok('progress with Idempotency-Key')),
    bareInsert: (c) => bareInsert(bare.of(c), c),
    bareInsert2: (c) => bareInsert(bares.of(c), c),
    stats: (c) => apis.of(c).request('GET', '/api/v1/stats/zones', undefined, auth).then(ok('stats/zones')),
    list: (c) =>
      apis
        .of(c)
        .request(
          'GET',
          `/api/v1/milestones?zone=${encodeURIComponent('大广海湾区')}&year=2021`,
          undefined,
          auth,
        )
        .then(ok('milestones list')),
    bareSelect: (c) => bareSelect(bare.of(c), c),
    bareSelect2: (c) => bareSelect(bares.of(c), c),
  };
  return {
    kinds,
    close: () => [apis, bare, bares].forEach((p) => p.clients.forEach((h) => h.close())),
  };
}
