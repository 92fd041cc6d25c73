import { signOut, store, notePosition } from '../state';
import { text } from '../labels';

/** One invalid field, as the API names it (`percent`, `indicatorActuals[0].actual`). */
export interface FieldError {
  readonly field: string;
  readonly messageZh: string;
  readonly code?: string;
}

/** An RFC 7807 problem (application/problem+json) from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detailZh: string,
    readonly field: string | undefined,
    readonly errors: readonly FieldError[],
    /** A refusal as the milestone changed meanwhile (409): the position to read it at (`X-Min-Position`). */
    readonly position?: number,
  ) {
    super(detailZh);
  }

  /** The messages for one form field (its own errors, and the problem's `field` when it is that one). */
  forField(field: string): string[] {
    const own = this.errors.filter(
      (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
    );
    const list = own.map((e) => e.messageZh);
    if (
      list.length === 0 &&
      this.field !== undefined &&
      (this.field === field || this.field.startsWith(`${field}[`) || this.field.startsWith(`${field}.`))
    ) {
      list.push(this.detailZh);
    }
    return list;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Add `asOf` from the as-of picker (read models). */
  readonly asOf?: boolean;
  readonly signal?: AbortSignal;
  /** Another token than the signed-in one (the sign-in check). */
  readonly token?: string;
  /** `false`: no `X-Min-Position` (a poll of the service's status must not wait for the projections). */
  readonly afterWrites?: boolean;
}

export function buildUrl(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function toProblem(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  const errors = Array.isArray(body['errors'])
    ? (body['errors'] as Record<string, unknown>[]).map((e) => ({
        field: text(e['field']),
        messageZh: text(e['messageZh'] ?? e['message']),
        code: typeof e['code'] === 'string' ? e['code'] : undefined,
      }))
    : [];
  const detailZh =
    typeof body['detailZh'] === 'string'
      ? body['detailZh']
      : typeof body['detail'] === 'string'
        ? body['detail']
        : `请求失败（HTTP ${res.status}）`;
  return new ApiError(
    res.status,
    typeof body['code'] === 'string' ? body['code'] : `HTTP_${res.status}`,
    detailZh,
    typeof body['field'] === 'string' ? body['field'] : undefined,
    errors,
    res.status === 409 && typeof body['position'] === 'number' ? body['position'] : undefined,
  );
}

/** Sends a request to the service (same origin), with the token, `asOf` and `X-Min-Position`. */
export async function request(path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const token = opts.token ?? store.token;
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (method === 'GET' && opts.afterWrites !== false && store.lastPosition > 0)
    headers['x-min-position'] = String(store.lastPosition);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const query = { ...(opts.query ?? {}), ...(opts.asOf && store.asOf ? { asOf: store.asOf } : {}) };
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务，请检查网络或稍后重试。', undefined, []);
  }
  if (res.status === 401 && store.token && opts.token === undefined) {
    signOut('登录已失效（令牌无效或已被吊销），请重新登录。');
  }
  if (!res.ok) throw await toProblem(res);
  return res;
}

export async function getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await (await request(path, opts)).json()) as T;
}

/** A command: POST with a JSON body; notes the returned position so the next reads include the write. */
export async function command<T extends { position?: number }>(
  path: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<T> {
  const res = await request(path, {
    method: 'POST',
    body,
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
  });
  const result = (await res.json()) as T;
  if (typeof result.position === 'number') notePosition(result.position);
  return result;
}

/** Downloads a file the API produces (the token goes in a header, so not a plain link). */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await request(path, { query, headers: { accept: '*/*' } });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  // RFC 6266: the UTF-8 name (filename*, RFC 5987) wins over the plain one, wherever it stands.
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = utf8 !== undefined ? decodeURIComponent(utf8.trim()) : (plain?.trim() ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens an HTML document the API produces (printable report) in a new tab. */
export async function openHtml(path: string, query: Query): Promise<void> {
  const tab = window.open('', '_blank');
  const res = await request(path, { query, headers: { accept: 'text/html' } });
  const blob = new Blob([await res.arrayBuffer()], { type: 'text/html;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  if (tab) tab.location.href = url;
  else window.location.href = url;
}

/** A stable key for one form's submission of one body: a retry of the same body writes nothing twice. */
export function idempotencyKey(formId: string, body: unknown): string {
  const text = JSON.stringify(body);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `dash-${formId}-${h.toString(16)}`;
}
