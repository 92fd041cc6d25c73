/**
 * The bare floor for bench/http: a Node http server with a `pg` pool of the service's size and nothing else.
 *   POST /progress   → one INSERT (autocommit: INSERT + COMMIT, one round trip) of the request's JSON
 *   GET  /milestones → one SELECT of up to 50 rows (plan_milestones, the service's own table)
 * Env: BARE_DATABASE_URL, BARE_PORT. Prints `listening` once it accepts requests.
 */
import * as http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 20 });

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (req.method === 'POST' && url.pathname === '/progress') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      milestoneId: string;
      percent: number;
      narrative: string;
    };
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO bare_progress (milestone_id, percent, narrative, body) VALUES ($1, $2, $3, $4) RETURNING id`,
      [body.milestoneId, body.percent, body.narrative, body],
    );
    send(res, 200, { id: Number(rows[0]!.id) });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/milestones') {
    const { rows } = await pool.query(
      `SELECT id, task_no, section, due_date, text, data FROM plan_milestones
        WHERE section = $1 ORDER BY id LIMIT 50`,
      [Number(url.searchParams.get('section') ?? 1)],
    );
    send(res, 200, { items: rows });
    return;
  }
  send(res, 404, { error: 'not found' });
}

async function main(): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_progress (
    id bigserial PRIMARY KEY, milestone_id text NOT NULL, percent integer NOT NULL, narrative text NOT NULL,
    body jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: String(e) }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
  process.once('SIGTERM', () => {
    server.close();
    void pool.end();
  });
}

void main();
