export const PLAN_PARSE_ERROR_CODES = [
  'EMPTY_DOCUMENT',
  'INVALID_PLAN_KEY',
  'ZONE_TABLE_MISSING',
  'ZONE_TABLE_MALFORMED',
  'TASK_TABLE_MISSING',
  'TASK_TABLE_HEADER_MISSING',
  'TASK_ROW_MALFORMED',
  'NO_TASKS',
] as const;
export type PlanParseErrorCode = (typeof PLAN_PARSE_ERROR_CODES)[number];

/**
 * The document is not a 三区并进 task-division document of the expected shape.
 * Shaped like the platform's AppError (`kind`, `code`, `messageZh`, `details`) without depending on it,
 * so that the parser stays free of framework imports; `message` carries both languages.
 */
export class PlanParseError extends Error {
  readonly kind = 'unprocessable' as const;
  readonly messageEn: string;
  readonly messageZh: string;
  readonly details: { readonly line?: number };

  constructor(
    readonly code: PlanParseErrorCode,
    messageEn: string,
    messageZh: string,
    readonly line?: number,
  ) {
    super(`${messageEn}${line !== undefined ? ` (line ${line})` : ''} — ${messageZh}`);
    this.name = 'PlanParseError';
    this.messageEn = messageEn;
    this.messageZh = messageZh;
    this.details = line !== undefined ? { line } : {};
  }
}
