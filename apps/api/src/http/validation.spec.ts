import { AppError } from '@app/platform';
import { ReportProgressDto, ReviseIndicatorTargetDto } from '../milestones/milestone-command.dto';
import { createValidationPipe } from './validation';

/** The pipe's answer to a body, as the problem+json carries it. */
async function refusal(metatype: new () => object, body: unknown) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return {
      detailZh: e.messageZh,
      errors: (e.details?.['errors'] ?? []) as { field: string; code: string; messageZh: string }[],
    };
  }
  throw new Error('accepted');
}

describe('validation messages: one plain-Chinese message per field, naming the field and its limit', () => {
  it('an empty progress form: one message each for 完成进度 and 情况说明 (not 数值过大/数值过小/必须是整数)', async () => {
    const r = await refusal(ReportProgressDto, {});
    expect(r.errors.map((e) => [e.field, e.messageZh])).toEqual([
      ['percent', '请填写「完成进度」（0 到 100 之间的整数）'],
      ['narrative', '请填写「情况说明」（不超过 5000 个字的文字）'],
    ]);
    expect(r.detailZh).toBe('请填写「完成进度」（0 到 100 之间的整数）');
  });

  it('states the limit and what it got', async () => {
    expect((await refusal(ReportProgressDto, { percent: 150, narrative: 'x' })).detailZh).toBe(
      '「完成进度」须为 0 到 100 之间的整数，收到 150',
    );
    expect((await refusal(ReportProgressDto, { percent: 12.5, narrative: 'x' })).errors).toEqual([
      expect.objectContaining({ field: 'percent', code: 'isInt' }),
    ]);
    expect((await refusal(ReportProgressDto, { percent: 1, narrative: '长'.repeat(5001) })).detailZh).toBe(
      '「情况说明」最多 5000 个字，收到 5001 个字',
    );
    const nested = await refusal(ReportProgressDto, {
      percent: 1,
      narrative: 'x',
      indicatorActuals: [{ metric: '项目数', actual: 2e12 }],
    });
    expect(nested.detailZh).toBe(
      '「第1项指标实际值的实际值」须为绝对值不超过 10^12 的数值，收到 2000000000000',
    );
    const target = await refusal(ReviseIndicatorTargetDto, { metric: 'm', newTarget: 'many', reason: 'r' });
    expect(target.detailZh).toBe('「新目标值」须为绝对值不超过 10^12 的数值，收到 “many”');
  });

  it('an unknown field is named as such', async () => {
    expect((await refusal(ReportProgressDto, { percent: 1, narrative: 'x', colour: 'red' })).detailZh).toBe(
      '请求中不应有字段「colour」',
    );
  });
});
