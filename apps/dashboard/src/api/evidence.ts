import { store } from '../state';
import { ApiError, download, toProblem } from './client';
import type { components } from './openapi';

type Schemas = components['schemas'];

/**
 * A command's evidence reference (佐证材料), as the history shows it: what a command sends, and the size and type the
 * service adds for an uploaded file (history data is untyped in the schema; a stored type may be any content type).
 */
export type EvidenceRef = Schemas['EvidenceDto'] & { readonly size?: number; readonly contentType?: string };

/** What an upload answers. */
export type EvidenceFile = Schemas['EvidenceFileDto'];

/** The kinds the service accepts (it reads the type from the bytes; this only narrows the file picker). */
export const EVIDENCE_ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ppt,.pptx,application/pdf,image/png,image/jpeg';

const KIND_ZH: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/msword': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.ms-powerpoint': 'PowerPoint',
};
export const kindZh = (contentType: string | undefined): string =>
  contentType === undefined ? '' : (KIND_ZH[contentType] ?? contentType);

/** 1 234 567 bytes → `1.2 MB`; 35 000 → `34 KB`. */
export function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Uploads one file (its bytes as the body, its name in `X-File-Name`). */
export async function uploadEvidence(file: File): Promise<EvidenceFile> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/octet-stream',
    'x-file-name': encodeURIComponent(file.name),
  };
  if (store.token) headers['authorization'] = `Bearer ${store.token}`;
  let res: Response;
  try {
    res = await fetch('/api/v1/evidence', { method: 'POST', headers, body: file });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务，请检查网络或稍后重试。', undefined, []);
  }
  if (!res.ok) throw await toProblem(res);
  return (await res.json()) as EvidenceFile;
}

export function downloadEvidence(ref: EvidenceRef): Promise<void> {
  return download(`/api/v1/evidence/${ref.sha256}`, {}, ref.name);
}
