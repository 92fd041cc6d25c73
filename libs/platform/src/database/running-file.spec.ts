import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { previousPort, readRunning, rememberPort, tryClaim } from './running-file';

describe('running.json', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-running-'));
    file = path.join(dir, 'running.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const claim = { pid: process.pid, by: 'test' };

  it('an empty file (a create whose write failed) is stale once older than a moment: removed, and the next start claims it', () => {
    fs.writeFileSync(file, '');
    expect(readRunning(file)).toBe('busy'); // just made: perhaps another process is writing it
    const past = new Date(Date.now() - 5000);
    fs.utimesSync(file, past, past);
    expect(readRunning(file)).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
    expect(tryClaim(file, undefined, claim)).toBe(true);
    expect(readRunning(file)).toMatchObject(claim);
  });

  it('a claim is exclusive', () => {
    expect(tryClaim(file, undefined, claim)).toBe(true);
    expect(tryClaim(file, undefined, { pid: 1, by: 'other' })).toBe(false);
    expect(readRunning(file)).toMatchObject(claim);
  });

  it('a new owner gets the port the server last listened on, unless another program holds it', async () => {
    expect(await previousPort(file)).toBeUndefined();
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    rememberPort(file, port);
    expect(await previousPort(file)).toBeUndefined();
    await new Promise((r) => srv.close(r));
    expect(await previousPort(file)).toBe(port);
  });
});
