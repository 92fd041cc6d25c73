import { describe, expect, it } from '@jest/globals';
import { fieldLabelZh } from './command-fields';
import type { CommandKind } from './command-kinds';
import { COMMAND_SHAPES, SENT_FIELDS, type SentFieldName } from './command-shapes';

/** The label of the command's field; undefined when the command has no such field. */
const label = (kind: CommandKind, name: SentFieldName): string | undefined => {
  const field = COMMAND_SHAPES[kind].fields.find((f) => f.name === name);
  return field && fieldLabelZh(field);
};

describe('command shapes (what each form has: command-shapes.ts)', () => {
  it('names every field of every form, and every form has a submit button', () => {
    for (const [kind, shape] of Object.entries(COMMAND_SHAPES)) {
      for (const field of shape.fields)
        expect({ kind, label: fieldLabelZh(field) }).not.toEqual({ kind, label: '' });
      expect(shape.submitZh.trim()).not.toBe('');
    }
  });

  it('labels a field as the command calls it: what it is, whether it may be left out, its unit', () => {
    expect(label('progress', 'percent')).toBe('完成进度（%）');
    expect(label('progress', 'narrative')).toBe('本期进展');
    expect(label('completion', 'narrative')).toBe('完成情况');
    expect(label('progress', 'reason')).toBe('进度下调原因（进度低于上次时必填）');
    expect(label('progress', 'forecastDate')).toBe('预计完成日期（可选）');
    expect(label('delays', 'forecastDate')).toBe('预计完成日期');
    expect(label('delays', 'reason')).toBe('延期原因');
    expect(label('acceptance', 'note')).toBe('核验意见（可选）');
    expect(label('cancellation', 'reason')).toBe('取消原因');
    expect(label('acceptance', 'reason')).toBeUndefined();
  });

  it('a field is labelled by its entry in the fields table unless the form names it', () => {
    expect(label('completion', 'completedOn')).toBe(SENT_FIELDS.completedOn.zh);
    expect(label('indicator-target', 'newTarget')).toBe('新的目标值');
    expect(label('indicator-target', 'metric')).toBe('指标');
    expect(label('rebaseline', 'reason')).toBe('调整原因');
    expect(label('indicator-target', 'reason')).toBe('调整原因');
    expect(label('return', 'reason')).toBe('退回原因');
  });

  it('every field of the fields table is sent by some form (the draft holds no field no form shows)', () => {
    const shown = new Set(Object.values(COMMAND_SHAPES).flatMap((shape) => shape.fields.map((f) => f.name)));
    expect(Object.keys(SENT_FIELDS).filter((name) => !shown.has(name as SentFieldName))).toEqual([]);
  });
});
