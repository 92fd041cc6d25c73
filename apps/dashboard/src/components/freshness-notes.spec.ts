import { describe, expect, it } from '@jest/globals';
import type { ConsumerFreshness, Freshness } from '../api/types';
import { figuresPausedSince, freshnessNotes } from './freshness-notes';

const consumer = (o: Partial<ConsumerFreshness> & Pick<ConsumerFreshness, 'name' | 'labelZh'>) =>
  ({
    affects: 'figures',
    state: 'current',
    lag: 0,
    position: 12_344,
    head: 12_400,
    updatedAt: '2026-12-05T02:02:00Z',
    secondsSinceUpdate: 3,
    pendingSince: null,
    pendingSinceSeconds: null,
    failingSince: null,
    failures: null,
    failingPosition: null,
    error: null,
    ...o,
  }) satisfies ConsumerFreshness;

const answer = (consumers: ConsumerFreshness[]): Freshness => ({
  state: 'current',
  notices: 'current',
  behindAfterSeconds: 30,
  consumers,
});

const board = consumer({ name: 'milestone-board', labelZh: '里程碑看板' });
const notifier = consumer({ name: 'alerts-notifier', labelZh: '预警通知', affects: 'notices' });

describe('the freshness banner: what it says', () => {
  it('says nothing when all is current', () => {
    expect(freshnessNotes(answer([board, notifier]))).toEqual([]);
  });

  it('a failing consumer of the figures: since when, where it stopped, the retries (and the error when sent)', () => {
    const stuck = {
      ...board,
      state: 'failing',
      failingSince: '2026-12-05T02:02:00Z',
      failures: 7,
      failingPosition: 12_345,
      error: 'TypeError: bad payload',
    } as const;
    expect(freshnessNotes(answer([stuck, notifier]))).toEqual([
      {
        kind: 'failing',
        text:
          '数据更新已暂停：里程碑看板自 2026-12-05 10:02 起停在第 12,345 号事件（已重试 7 次）。' +
          '页面上的数字截至该时刻，请联系系统管理员。',
        error: 'TypeError: bad payload',
      },
    ]);
    const pinning = { ...stuck, failingPosition: null, error: null };
    expect(freshnessNotes(answer([pinning]))[0]?.text).toContain('停在第 12,344 号事件之后（已重试 7 次）');
  });

  it('behind: the one whose oldest pending event waited longest, and how far the figures lag', () => {
    const catalog = consumer({
      name: 'plan-catalog',
      labelZh: '计划目录',
      state: 'behind',
      lag: 5_000,
      pendingSinceSeconds: 40,
    });
    // A rebuild: its checkpoint moved 1 s ago, its oldest pending event has waited 95 s.
    const late = {
      ...board,
      state: 'behind',
      lag: 1_234,
      secondsSinceUpdate: 1,
      pendingSinceSeconds: 95,
    } as const;
    expect(freshnessNotes(answer([catalog, late])).map((n) => n.text)).toEqual([
      '数据正在追赶：尚有 1,234 条记录未计入，页面上的数字约滞后 95 秒。',
    ]);
    const hours = { ...late, pendingSinceSeconds: 3 * 3600 };
    expect(freshnessNotes(answer([hours]))[0]?.text).toContain('，页面上的数字约滞后 3 小时。');
  });

  it('the notifier failing: the notices stop, the figures do not', () => {
    const stuck = {
      ...notifier,
      state: 'failing',
      failingSince: '2026-12-05T02:02:00Z',
      failures: 2,
    } as const;
    expect(freshnessNotes(answer([board, stuck]))).toEqual([
      {
        kind: 'notices',
        text:
          '预警通知发送暂停：自 2026-12-05 10:02 起未能发出新的预警通知（已重试 2 次）。' +
          '页面上的数字不受影响，请联系系统管理员。',
        error: null,
      },
    ]);
  });

  it('the notifier behind: the notices come later', () => {
    const late = { ...notifier, state: 'behind', lag: 12, pendingSinceSeconds: 120 } as const;
    expect(freshnessNotes(answer([board, late])).map((n) => [n.kind, n.text])).toEqual([
      ['notices', '预警通知有延迟：尚有 12 条记录待处理（最早一条已等待约 2 分钟），新的预警通知稍后发出。'],
    ]);
  });

  it('the figures stand still since the earliest failing consumer of them (a failing notifier does not count)', () => {
    const failing = (c: ConsumerFreshness, since: string) =>
      ({ ...c, state: 'failing', failingSince: since, failures: 1 }) as const;
    const catalog = consumer({ name: 'plan-catalog', labelZh: '计划目录' });
    expect(figuresPausedSince(answer([board, notifier]))).toBeNull();
    expect(figuresPausedSince(answer([board, failing(notifier, '2026-12-01T00:00:00Z')]))).toBeNull();
    expect(
      figuresPausedSince(
        answer([failing(board, '2026-12-05T02:02:00Z'), failing(catalog, '2026-12-04T23:00:00+08:00')]),
      ),
    ).toBe('2026-12-04T23:00:00+08:00');
  });
});
