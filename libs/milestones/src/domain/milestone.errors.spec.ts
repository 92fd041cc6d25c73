import { AppError } from '@app/platform';

import {
  fieldLabelZh,
  MILESTONE_ERROR_CATALOG,
  MilestoneError,
  MilestoneErrorCode,
} from './milestone.errors';

describe('milestone errors', () => {
  it.each(Object.values(MilestoneErrorCode))('%s has a kind and an English and a Chinese message', (code) => {
    const entry = MILESTONE_ERROR_CATALOG[code];
    expect(entry.en.length).toBeGreaterThan(10);
    expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is an AppError carrying the code, kind, field and both messages', () => {
    const error = new MilestoneError(MilestoneErrorCode.TEXT_TOO_LONG, {
      field: 'narrative',
      details: { length: 5001, max: 5000 },
    });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      name: 'MilestoneError',
      kind: 'validation',
      code: 'TEXT_TOO_LONG',
      field: 'narrative',
      message: 'narrative is 5001 characters long; at most 5000 are allowed.',
      messageZh: '情况说明共5001个字符，最多允许5000个。',
      details: { length: 5001, max: 5000 },
    });
  });

  it('names nested fields in Chinese with their position', () => {
    expect(fieldLabelZh('evidence[1].sha256')).toBe('第2项佐证材料的摘要');
    expect(fieldLabelZh('evidence[1]')).toBe('第2项佐证材料');
    expect(fieldLabelZh('indicatorActuals[0].actual')).toBe('第1项指标实际值的实际值');
    expect(fieldLabelZh('percent')).toBe('完成进度');
    expect(fieldLabelZh('ids')).toBe('里程碑编号');
    expect(fieldLabelZh('contacts[1].email')).toBe('第2项收件人的邮箱');
    expect(fieldLabelZh('robots[0].url')).toBe('第1项群机器人的地址');
  });
});
