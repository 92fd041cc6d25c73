import { describe, expect, it } from '@jest/globals';
import { printMeta } from './print-meta';

const base = { asOf: '', today: '2026-12-06', simulated: false, pausedSince: null };

describe('the printed page’s first line', () => {
  it('names the picker’s date, else the printing day', () => {
    expect(printMeta(base)).toBe('三区并进重点任务督办 · 数据截至 2026-12-06（打印当日）');
    expect(printMeta({ ...base, asOf: '2021-06-30' })).toBe('三区并进重点任务督办 · 数据截至 2021-06-30');
  });

  it('says 模拟数据 for the demo’s data', () => {
    expect(printMeta({ ...base, simulated: true, asOf: '2022-12-31' })).toBe(
      '三区并进重点任务督办 · 模拟数据（演示程序生成，不代表任何单位的真实工作情况） · 数据截至 2022-12-31',
    );
  });

  it('while the figures stand still: the moment they stopped, never the printing day', () => {
    const paused = { ...base, pausedSince: '2026-12-05T02:02:00Z' };
    expect(printMeta(paused)).toBe(
      '三区并进重点任务督办 · 数据截至 2026-12-05 10:02（数据更新已暂停，非打印当日）',
    );
    expect(printMeta(paused)).not.toContain('2026-12-06');
    expect(printMeta({ ...paused, asOf: '2026-12-06' })).toBe(
      '三区并进重点任务督办 · 数据截至 2026-12-06（数据更新自 2026-12-05 10:02 起暂停，其后录入的未计入）',
    );
  });
});
