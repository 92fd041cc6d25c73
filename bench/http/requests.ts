import { randomUUID } from 'node:crypto';
import type { Op } from '../event-store/harness';
import { httpClient } from './http-client';
import { type Setup, TOKEN } from './setup';

const NARRATIVE =
  '【基准测试】珠西综合交通枢纽江门站配套设施工程已完成主体结构，下阶段推进路基及水稳层施工。';

export type RequestKind =
  'command' | 'live' | 'commandIdem' | 'commandLong' | 'bareInsert' | 'stats' | 'list' | 'bareSelect';

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
  const api = httpClient(s.apiUrl, connections);
  const bare = httpClient(s.bareUrl, connections);
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
    api.request('POST', `/api/v1/milestones/${id}/progress`, progress(c), { ...auth, ...headers });
  const kinds: Record<RequestKind, Op> = {
    command: (c) => report(c, {}).then(ok('progress')),
    live: () => api.request('GET', '/health/live', undefined, auth).then(ok('live')),
    commandLong: (c) => report(c, {}, longIds[c]).then(ok('progress on a long stream')),
    commandIdem: (c) =>
      report(c, { 'idempotency-key': randomUUID() }).then(ok('progress with Idempotency-Key')),
    bareInsert: (c) =>
      bare
        .request('POST', '/progress', { milestoneId: milestoneOf(c), ...progress(c) })
        .then(ok('bare insert')),
    stats: () => api.request('GET', '/api/v1/stats/zones', undefined, auth).then(ok('stats/zones')),
    list: () =>
      api
        .request(
          'GET',
          `/api/v1/milestones?zone=${encodeURIComponent('大广海湾区')}&year=2021`,
          undefined,
          auth,
        )
        .then(ok('milestones list')),
    bareSelect: (c) => bare.request('GET', `/milestones?section=${(c % 5) + 1}`).then(ok('bare select')),
  };
  return { kinds, close: () => [api, bare].forEach((h) => h.close()) };
}
