import { AppError } from '@app/platform';
import { ACCEPTED_KINDS_ZH } from './evidence-types';

const MIB = 1024 * 1024;
const sizeText = (bytes: number): string =>
  bytes >= MIB ? `${+(bytes / MIB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;

export const FILE_NAME_HEADER = 'X-File-Name';

export const evidenceErrors = {
  tooLarge: (max: number) =>
    new AppError({
      kind: 'too_large',
      code: 'EVIDENCE_TOO_LARGE',
      field: 'file',
      message: `An evidence file may be at most ${sizeText(max)} (${max} bytes)`,
      messageZh: `佐证材料文件不能超过 ${sizeText(max)}`,
      details: { maxBytes: max },
    }),
  empty: () =>
    new AppError({
      kind: 'validation',
      code: 'EVIDENCE_EMPTY',
      field: 'file',
      message: 'The evidence file is empty',
      messageZh: '佐证材料文件是空的',
    }),
  unsupported: () =>
    new AppError({
      kind: 'unsupported_media_type',
      code: 'EVIDENCE_TYPE_UNSUPPORTED',
      field: 'file',
      message:
        'The file’s content is not a PDF, PNG or JPEG image, or Office document (docx, xlsx, pptx, doc, xls, ppt); ' +
        'the type is read from the bytes, not from the name',
      messageZh: `文件内容不是可接受的类型（${ACCEPTED_KINDS_ZH}）；系统按文件内容识别类型，与文件名无关`,
    }),
  nameInvalid: (reason: string, reasonZh: string) =>
    new AppError({
      kind: 'validation',
      code: 'EVIDENCE_NAME_INVALID',
      field: FILE_NAME_HEADER,
      message: `${FILE_NAME_HEADER}: ${reason}`,
      messageZh: `文件名${reasonZh}`,
    }),
  hashInvalid: (field: string) =>
    new AppError({
      kind: 'validation',
      code: 'EVIDENCE_HASH_INVALID',
      field,
      message: `${field}: must be a lower-case hex SHA-256 (64 characters)`,
      messageZh: '文件摘要必须是 64 位小写十六进制 SHA-256',
    }),
  notFound: (sha256: string) =>
    new AppError({
      kind: 'not_found',
      code: 'EVIDENCE_NOT_FOUND',
      field: 'sha256',
      message: `No evidence file ${sha256} has been uploaded`,
      messageZh: '没有这份佐证材料文件（未上传或已丢失）',
    }),
  fileMissing: (field: string, name: string) =>
    new AppError({
      kind: 'validation',
      code: 'EVIDENCE_FILE_MISSING',
      field,
      message: `${field}: the file "${name}" has not been uploaded; upload it first (POST /api/v1/evidence) and send the sha256 it answers`,
      messageZh: `佐证材料“${name}”的文件尚未上传，请先上传文件再提交`,
    }),
};
