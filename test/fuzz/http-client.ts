import * as http from 'node:http';
import type { DataSource } from 'typeorm';

/** A request as the fuzz builds it: the target already percent-encoded, headers as raw pairs (repeats allowed). */
export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: Buffer;
}

export interface FuzzResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends exactly these bytes and headers (fetch would normalise them). */
export function send(baseUrl: string, req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.target,
        // (raw header pairs: Node adds no Host header of its own then)
        headers: [
          'host',
          url.host,
          ...req.headers.flat(),
          ...(req.body !== undefined ? ['content-length', String(req.body.length)] : []),
        ],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The request's bytes as a key: method, target, header pairs and body. */
export function requestKey(req: FuzzRequest): string {
  return JSON.stringify([req.method, req.target, req.headers, req.body?.toString('latin1') ?? null]);
}

export function closeClient(): void {
  agent.destroy();
}

/** What a rejected request must not change: the events, the tokens, the alert contacts and robots, the outbox. */
export async function writeSnapshot(db: DataSource): Promise<string> {
  const [row] = await db.query<{ s: string }[]>(`
    SELECT concat_ws(' | ',
      (SELECT count(*) FROM events),
      (SELECT count(*) || '/' || count(revoked_at) FROM api_tokens),
      (SELECT md5(coalesce(string_agg(concat_ws(',', scope, unit_id, name, email), ';'
                    ORDER BY scope, unit_id, position), '')) FROM alert_contacts),
      (SELECT md5(coalesce(string_agg(concat_ws(',', unit_id, kind, url, secret), ';'
                    ORDER BY unit_id, position), '')) FROM alert_robots),
      (SELECT count(*) || '/' || coalesce(sum(attempts), 0) || '/' || count(*) FILTER (WHERE state = 'pending')
         FROM alert_deliveries)) AS s`);
  return row!.s;
}

/** The problem+json contract of every 4xx: media type, status, code, detail and detailZh. */
export function problemViolation(res: FuzzResponse): string | null {
  if (!res.contentType?.startsWith('application/problem+json')) {
    return `${res.status} with Content-Type ${res.contentType ?? 'none'}`;
  }
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    return `${res.status}: body is not JSON`;
  }
  for (const k of ['code', 'detail', 'detailZh', 'type', 'title']) {
    if (typeof p[k] !== 'string' || p[k] === '') return `${res.status}: problem without ${k}`;
  }
  return p.status === res.status ? null : `problem status ${String(p.status)} ≠ ${res.status}`;
}
