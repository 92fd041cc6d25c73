import { ADMIN } from './context';

/** An HTTP answer; status 0 = no answer (connection refused or dropped, timeout). */
export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly at: number;
}

export async function call(
  base: string,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  try {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.token ?? ADMIN}`,
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    return { status: r.status, text: await r.text(), at: Date.now() };
  } catch {
    return { status: 0, text: '', at: Date.now() };
  }
}

/** A new token of a role (through the admin token). */
export async function createToken(base: string, role: string, name: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/tokens', { body: { role, name } });
  if (r.status !== 201) throw new Error(`token: ${r.status} ${r.text}`);
  return (JSON.parse(r.text) as { token: string }).token;
}

/** Counts answers by kind for the table: 5xx (any), and anything not in `expected`. */
export class AnswerLog {
  readonly all: Answer[] = [];
  record(a: Answer): Answer {
    this.all.push(a);
    return a;
  }
  get fiveXx(): number {
    return this.all.filter((a) => a.status >= 500).length;
  }
  unexpected(expected: readonly number[]): Answer[] {
    return this.all.filter((a) => !expected.includes(a.status));
  }
}
