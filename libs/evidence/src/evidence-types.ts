/** The kinds of evidence file (佐证材料) accepted, by the content type their bytes show. */
export const EVIDENCE_CONTENT_TYPES = {
  'application/pdf': 'PDF 文件',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档（docx）',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格（xlsx）',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint 演示文稿（pptx）',
  'application/msword': 'Word 97–2003 文档（doc）',
  'application/vnd.ms-excel': 'Excel 97–2003 表格（xls）',
  'application/vnd.ms-powerpoint': 'PowerPoint 97–2003 演示文稿（ppt）',
} as const;

export type EvidenceContentType = keyof typeof EVIDENCE_CONTENT_TYPES;

export const ACCEPTED_KINDS_ZH = 'PDF、PNG/JPEG 图片、Word、Excel、PowerPoint 文件';

/** An uploaded evidence file: what the upload answers and what a command's reference records. */
export interface EvidenceFile {
  /** Lower-case hex SHA-256 of the bytes: the file's address in the store. */
  readonly sha256: string;
  /** The file name given at its first upload. */
  readonly name: string;
  readonly size: number;
  readonly contentType: EvidenceContentType;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
