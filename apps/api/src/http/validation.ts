import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '@app/platform';

const ZH: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isInt: '必须是整数',
  min: '数值过小',
  max: '数值过大',
  isString: '必须是字符串',
  isNotEmpty: '不能为空',
  isDateString: '必须是日期时间',
  isISO8601: '必须是 ISO 8601 日期',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  maxLength: '长度超出限制',
  minLength: '长度不足',
  isArray: '必须是数组',
  arrayMaxSize: '数组元素过多',
  isNumber: '必须是数字',
  matches: '格式不正确',
  isBoolean: '必须是布尔值',
  isObject: '必须是对象',
  noControlCharacters: '不能包含控制字符',
  isIsoDate: '必须是日期 YYYY-MM-DD',
  isEmail: '必须是电子邮件地址',
};

function flatten(
  errors: ValidationError[],
  prefix = '',
): { field: string; code: string; message: string; messageZh: string }[] {
  const out: { field: string; code: string; message: string; messageZh: string }[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    for (const [code, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, code, message, messageZh: `${field}：${ZH[code] ?? '取值无效'}` });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Whitelist, reject unknown fields, transform; errors become one AppError naming every field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const list = flatten(errors);
      const first = list[0];
      return new AppError({
        kind: 'validation',
        code: 'VALIDATION_FAILED',
        message: first ? `${first.field}: ${first.message}` : 'Invalid request',
        messageZh: first ? first.messageZh : '请求参数无效',
        ...(first ? { field: first.field } : {}),
        details: { errors: list },
      });
    },
  });
}
