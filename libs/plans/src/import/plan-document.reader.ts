import * as fs from 'node:fs';
import { AppError, findForbiddenCharacter } from '@app/platform';

/** Why a document could not be read; the CLI maps this to exit code 2, HTTP to 400. */
export class PlanDocumentError extends AppError {
  constructor(code: string, message: string, messageZh: string, details?: Record<string, unknown>) {
    super({
      kind: 'validation',
      code,
      message,
      messageZh,
      field: 'document',
      ...(details ? { details } : {}),
    });
  }
}

/**
 * A plan document is multi-line text under the rule every text field follows (`findForbiddenCharacter`), its line
 * breaks in any convention (CR LF, CR, LF): a NUL, another control character or an unpaired surrogate is refused,
 * naming the line.
 */
export function checkPlanDocumentText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, line] of lines.entries()) {
    const bad = findForbiddenCharacter(line, true);
    if (bad) {
      throw new PlanDocumentError(
        'DOCUMENT_INVALID_CHARACTERS',
        `The document holds a control character or an unpaired surrogate (${bad.char}) on line ${i + 1}`,
        `文档第 ${i + 1} 行含有控制字符或无效字符（${bad.char}）`,
        { line: i + 1, column: bad.position, char: bad.char },
      );
    }
  }
  return text;
}

/** Decodes bytes as UTF-8 (a BOM is dropped); anything else is refused with a clear message. */
export function decodePlanDocument(bytes: Buffer): string {
  if (bytes.length === 0) {
    throw new PlanDocumentError('DOCUMENT_EMPTY', 'The document is empty', '文档为空');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PlanDocumentError(
      'DOCUMENT_NOT_UTF8',
      'The document is not UTF-8 text (convert it, e.g. from GBK, with iconv -f GBK -t UTF-8)',
      '文档不是 UTF-8 编码的文本（如为 GBK 编码，请先转换为 UTF-8）',
    );
  }
  return checkPlanDocumentText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export function readPlanDocumentFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PlanDocumentError(
      'DOCUMENT_UNREADABLE',
      code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code ?? String(e)}`,
      code === 'ENOENT' ? `文件不存在：${file}` : `无法读取文件：${file}`,
    );
  }
  return decodePlanDocument(bytes);
}
