import { AppError } from '@app/platform';
import { ListAlertsQuery } from '../alerts/alerts.dto';
import { ReportProgressDto, ReviseIndicatorTargetDto } from '../milestones/milestone-command.dto';
import { wholeNumberParam } from './path-params';
import { createValidationPipe } from './validation';

/** The pipe's answer to a body, as the problem+json carries it. */
async function refusal(metatype: new () => object, body: unknown, type: 'body' | 'query' = 'body') {
  try {
    await createValidationPipe().transform(body, { type, metatype });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return {
      detailZh: e.messageZh,
      detail: e.message,
      field: e.field,
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
    expect(target.detailZh).toBe('「新目标值」须为 0 到 10^12 之间的数值，收到 “many”');
    const negative = await refusal(ReviseIndicatorTargetDto, { metric: 'm', newTarget: -5, reason: 'r' });
    expect(negative.detailZh).toBe('「新目标值」须为 0 到 10^12 之间的数值，收到 -5');
  });

  it('an unknown field is named as such', async () => {
    expect((await refusal(ReportProgressDto, { percent: 1, narrative: 'x', colour: 'red' })).detailZh).toBe(
      '请求中不应有字段「colour」',
    );
  });

  it('a date-time that does not exist says the format expected and that the day does not exist', async () => {
    const r = await refusal(ReportProgressDto, { percent: 1, narrative: 'x', occurredAt: '2021-02-30' });
    expect(r.field).toBe('occurredAt');
    expect(r.detailZh).toBe(
      '「发生时间」须为带时区的时间（例如 2021-06-30T09:00:00+08:00），收到 “2021-02-30”（日期不存在：2021年2月只有28天）',
    );
    expect(r.detail).toMatch(/2021-02-30 does not exist: that month has 28 days$/);
    const month = await refusal(ReportProgressDto, {
      percent: 1,
      narrative: 'x',
      forecastDate: '2021-13-01',
    });
    expect(month.detailZh).toBe(
      '「预计完成日期」须为有效日期（YYYY-MM-DD），收到 “2021-13-01”（日期不存在：没有13月）',
    );
  });

  it('a query number that is not one is quoted as sent, not as null', async () => {
    const r = await refusal(ListAlertsQuery, { offset: 'abc' }, 'query');
    expect(r.field).toBe('offset');
    expect(r.detailZh).toBe('「起始位置」须为 0 到 10^7 之间的整数，收到 “abc”');
    expect((await refusal(ListAlertsQuery, { limit: '1.5' }, 'query')).detailZh).toBe(
      '「条数」须为 1 到 500 之间的整数，收到 1.5',
    );
    const ok = (await createValidationPipe().transform(
      { offset: '20', limit: '5' },
      { type: 'query', metatype: ListAlertsQuery },
    )) as ListAlertsQuery;
    expect([ok.offset, ok.limit]).toEqual([20, 5]);
    // An empty parameter, as a form sends it, is absent: the default applies.
    const empty = (await createValidationPipe().transform(
      { offset: '', limit: '' },
      { type: 'query', metatype: ListAlertsQuery },
    )) as ListAlertsQuery;
    expect([empty.offset, empty.limit]).toEqual([undefined, undefined]);
  });

  it('a whole-number path parameter that is not one names the parameter and what was sent', () => {
    expect(wholeNumberParam('6', 'no')).toBe(6);
    let thrown: unknown;
    try {
      wholeNumberParam('abc', 'no');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({
      kind: 'validation',
      code: 'VALIDATION_FAILED',
      field: 'no',
      messageZh: '路径中的「任务序号」须为整数（例如 6），收到 “abc”',
      message: 'path parameter no must be a whole number, e.g. 6; got "abc"',
    });
  });
});
