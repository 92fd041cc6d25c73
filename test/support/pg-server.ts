import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

export interface PostgresInfo {
  readonly url: string;
  readonly appUrl: string;
  /** The superuser's URL over TCP (`url` is over the Unix-domain socket when there is one). */
  readonly tcpUrl: string;
  readonly socketDir: string | undefined;
  readonly port: number;
}

/** A PostgreSQL server this test may stop and start at will (in a child process). */
export function controllablePostgres(dir: string, database: string) {
  const child = spawn(process.execPath, [path.join(__dirname, 'pg-server-child.js'), dir, database], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let said = '';
  child.stderr.on('data', (d: Buffer) => {
    said += d.toString();
    process.stderr.write(d);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const send = (cmd: string): Promise<string> =>
    new Promise((resolve, reject) => {
      waiting.push((l) => (l.startsWith('error') ? reject(new Error(l)) : resolve(l)));
      child.stdin.write(`${cmd}\n`);
    });
  return {
    start: async (): Promise<string> => (await send('start')).replace(/^started /, ''),
    stop: async (): Promise<void> => void (await send('stop')),
    info: async (): Promise<PostgresInfo> =>
      JSON.parse((await send('info')).replace(/^info /, '')) as PostgresInfo,
    /** What the child said on stderr: the server's PANICs and kills, our own notices. */
    output: (): string => said,
    close: async (): Promise<void> => {
      child.stdin.end();
      await new Promise((r) => child.on('exit', r));
    },
  };
}
