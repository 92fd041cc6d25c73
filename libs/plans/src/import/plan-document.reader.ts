import * as fs from 'node:fs';
import { AppError } from '@app/platform';

/** Why a document could not be read; the CLI maps this to exit code 2, HTTP to 400. */
export class PlanDocumentError extends AppError {
  constructor(code: string, message: string, messageZh: string) {
    super({ kind: 'validation', code, message, messageZh, field: 'document' });
  }
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
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
