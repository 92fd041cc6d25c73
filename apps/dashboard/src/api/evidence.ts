import { store } from '../state';
import { ApiError, download, toProblem } from './client';
import type { components } from './openapi';
import { stallWatch, UPLOAD_STALL_MS } from './upload-stall';

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

/** How an upload may end early: cancelled by the person (`signal`), or given up when it stops moving. */
export interface UploadOptions {
  readonly signal?: AbortSignal;
  /** No byte sent and no answer for this long: failed (UPLOAD_STALLED). */
  readonly stallMs?: number;
}

/**
 * Uploads one file (its bytes as the body, its name in `X-File-Name`). XMLHttpRequest, not fetch: its progress
 * events tell a slow upload (still moving) from a stalled one. Cancelled: UPLOAD_CANCELLED; stalled:
 * UPLOAD_STALLED (the request is aborted either way).
 */
export function uploadEvidence(file: File, opts: UploadOptions = {}): Promise<EvidenceFile> {
  const stallMs = opts.stallMs ?? UPLOAD_STALL_MS;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const fail = (code: string, zh: string) => (): void => {
      end();
      xhr.abort();
      reject(new ApiError(0, code, zh, undefined, []));
    };
    const cancelled = fail('UPLOAD_CANCELLED', '已取消上传。');
    const watch = stallWatch(
      stallMs,
      fail(
        'UPLOAD_STALLED',
        `上传已停滞（${Math.round(stallMs / 1000)} 秒没有进展），已停止：请检查网络后重试。`,
      ),
    );
    const end = (): void => {
      watch.stop();
      opts.signal?.removeEventListener('abort', cancelled);
    };
    if (opts.signal?.aborted) return cancelled();
    opts.signal?.addEventListener('abort', cancelled);
    xhr.upload.onprogress = watch.poke;
    xhr.onprogress = watch.poke;
    xhr.onerror = (): void => {
      end();
      reject(new ApiError(0, 'NETWORK', '无法连接服务，请检查网络或稍后重试。', undefined, []));
    };
    xhr.onload = (): void => {
      end();
      const body = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) resolve(body.json() as Promise<EvidenceFile>);
      else void toProblem(body).then(reject, reject);
    };
    xhr.open('POST', '/api/v1/evidence');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    if (store.token) xhr.setRequestHeader('authorization', `Bearer ${store.token}`);
    xhr.send(file);
  });
}

export function downloadEvidence(ref: EvidenceRef): Promise<void> {
  return download(`/api/v1/evidence/${ref.sha256}`, {}, ref.name);
}
