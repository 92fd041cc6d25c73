import type { ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { fieldLabelZh } from '@app/milestones';

/** One rule of a DTO property as declared (`@Max(100)` → { name: 'max', constraints: [100] }). */
export interface DeclaredRule {
  readonly name: string;
  readonly constraints: readonly unknown[];
}

/** The failed constraint that says most about a field: its presence and type before its range, then the rest. */
const RELEVANCE = [
  'whitelistValidation',
  'isDefined',
  'isNotEmpty',
  'isInt',
  'isNumber',
  'isString',
  'isIsoDate',
  'isIsoInstant',
  'isDateString',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isEmail',
  'matches',
  'min',
  'max',
  'minLength',
  'maxLength',
  'arrayMinSize',
  'arrayMaxSize',
];

export function mostRelevant(failed: readonly string[]): string | undefined {
  const rank = (c: string) => (RELEVANCE.includes(c) ? RELEVANCE.indexOf(c) : RELEVANCE.length);
  return [...failed].sort((a, b) => rank(a) - rank(b))[0];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** 1000000000000 → 10^12; other numbers as written. */
function figure(n: number): string {
  const e = Math.log10(Math.abs(n));
  return Math.abs(n) >= 1e6 && Number.isInteger(e) ? `${n < 0 ? '-' : ''}10^${e}` : String(n);
}

/** What a field must be, in plain Chinese, from all its declared rules ("0 到 100 之间的整数"). */
export function ruleZh(rules: readonly DeclaredRule[]): string | undefined {
  const by = (name: string) => rules.find((r) => r.name === name);
  const first = (name: string) => by(name)?.constraints[0];
  const min = num(first('min'));
  const max = num(first('max'));
  if (by('isInt') || by('isNumber')) {
    const kind = by('isInt') ? '整数' : '数值';
    if (min !== undefined && max !== undefined)
      return min === -max
        ? `绝对值不超过 ${figure(max)} 的${kind}`
        : `${figure(min)} 到 ${figure(max)} 之间的${kind}`;
    if (min !== undefined) return `不小于 ${min} 的${kind}`;
    if (max !== undefined) return `不大于 ${max} 的${kind}`;
    return kind;
  }
  if (by('isIsoDate')) return '有效日期（YYYY-MM-DD）';
  if (by('isIsoInstant')) return '带时区的时间（例如 2021-06-30T09:00:00+08:00）';
  if (by('isArray')) {
    const least = num(first('arrayMinSize'));
    const most = num(first('arrayMaxSize'));
    const parts = [
      least !== undefined ? `至少 ${least} 项` : '',
      most !== undefined ? `最多 ${most} 项` : '',
    ];
    const sizes = parts.filter(Boolean).join('、');
    return sizes ? `列表（${sizes}）` : '列表';
  }
  if (by('isBoolean')) return 'true 或 false';
  if (by('isEmail')) return '电子邮件地址';
  const allowed = first('isIn');
  if (Array.isArray(allowed)) return `以下之一：${allowed.map(String).join('、')}`;
  if (by('matches')) return '规定的格式';
  if (by('isString') || by('maxLength')) {
    const most = num(first('maxLength'));
    return most !== undefined ? `不超过 ${most} 个字的文字` : '文字';
  }
  if (by('isObject')) return '对象';
  return undefined;
}

export function shown(value: unknown): string {
  const text = typeof value === 'string' ? `“${value}”` : (JSON.stringify(value) ?? String(value));
  const chars = [...text];
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text;
}

const countOf = (s: string): number => [...s].length;

/**
 * Why a value shaped like a date (`2021-02-30`, `2021-13-01T09:00+08:00`) is none: that day does not exist. Said
 * after the expected format, so a person sees the format was right and the day is not.
 */
export function missingDayNote(value: unknown, lang: 'en' | 'zh'): string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value) : null;
  if (m === null) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (days > 0 && d >= 1 && d <= days) return '';
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (lang === 'en') {
    return days === 0
      ? `; ${day} does not exist: there is no month ${mo}`
      : `; ${day} does not exist: that month has ${days} days`;
  }
  return days === 0 ? `（日期不存在：没有${mo}月）` : `（日期不存在：${y}年${mo}月只有${days}天）`;
}

/**
 * One plain-Chinese message for a field that failed validation, naming the field and its limit:
 * 「完成进度」须为 0 到 100 之间的整数，收到 150 · 请填写「情况说明」（不超过 5000 个字的文字）.
 */
export function fieldMessageZh(
  field: string,
  value: unknown,
  failed: readonly string[],
  rules: readonly DeclaredRule[],
): string {
  const label = `「${fieldLabelZh(field)}」`;
  const code = mostRelevant(failed);
  const rule = ruleZh(rules);
  const blank = typeof value === 'string' && value.trim() === '';
  if (code === 'whitelistValidation') return `请求中不应有字段「${field}」`;
  if (value === undefined || value === null || (blank && (code === 'minLength' || code === 'isNotEmpty')))
    return rule ? `请填写${label}（${rule}）` : `请填写${label}`;
  const limit = (name: string) => num(rules.find((r) => r.name === name)?.constraints[0]);
  if (code === 'maxLength' && typeof value === 'string')
    return `${label}最多 ${limit('maxLength')} 个字，收到 ${countOf(value)} 个字`;
  if (code === 'arrayMaxSize' && Array.isArray(value))
    return `${label}最多 ${limit('arrayMaxSize')} 项，收到 ${value.length} 项`;
  if (code === 'arrayMinSize') return `${label}至少须有 ${limit('arrayMinSize')} 项`;
  if (code === 'noControlCharacters') return `${label}含有不允许的控制字符（只允许换行和制表符）`;
  if (code === 'matches' && field.endsWith('sha256'))
    return `${label}须为 SHA-256 摘要（64 位小写十六进制字符），收到 ${shown(value)}`;
  const must = rule ?? '有效的值';
  const sent = `收到 ${shown(value)}${missingDayNote(value, 'zh')}`;
  return `${label}须为${/^[\w-]/.test(must) ? ' ' : ''}${must}，${sent}`;
}

/** The declared rules of the property an error is about (needs `validationError.target`). */
export function declaredRules(e: ValidationError): DeclaredRule[] {
  const target: unknown = e.target;
  if (typeof target !== 'object' || target === null) return [];
  return getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .filter((m) => m.propertyName === e.property)
    .map((m) => ({ name: m.name ?? m.type, constraints: (m.constraints as unknown[] | undefined) ?? [] }));
}
