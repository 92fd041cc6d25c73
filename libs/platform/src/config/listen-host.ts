import { spawnSync } from 'node:child_process';

/** Listens on port 0 of the host in argv[1]; prints the error's code, nothing when it could listen. */
const TRY_LISTEN = `const s = require('node:net').createServer();
s.on('error', (e) => process.stdout.write(String(e.code)));
s.listen(0, process.argv[1], () => s.close());`;

const ALWAYS_THERE = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'];

/**
 * Why the service could not listen on HOST: a name that does not resolve, or an address that is not this machine's;
 * `undefined` when it can, or when that cannot be told now (a DNS server that does not answer). Tried in a child
 * process (the configuration is checked synchronously), only for a HOST other than the usual ones.
 */
export function listenHostProblem(host: string): string | undefined {
  if (ALWAYS_THERE.includes(host)) return undefined;
  const r = spawnSync(process.execPath, ['-e', TRY_LISTEN, host], { encoding: 'utf8', timeout: 10_000 });
  const code = r.stdout?.trim();
  if (code === 'ENOTFOUND') {
    return `HOST: "${host}" is not a name this machine can resolve (give one of its addresses, or 0.0.0.0 for all)`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `HOST: ${host} is not an address of this machine (give one of its addresses, or 0.0.0.0 for all)`;
  }
  return undefined;
}
