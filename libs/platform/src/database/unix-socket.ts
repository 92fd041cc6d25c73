import * as fs from 'node:fs';
import * as path from 'node:path';

/** The longest Unix-domain socket path there is (`sun_path` holds 108 bytes with the final NUL). */
export const MAX_SOCKET_PATH_BYTES = 107;

/** The socket PostgreSQL listens on for `port` in `dir` (the port picks the file). */
export function socketPath(dir: string, port: number): string {
  return path.join(dir, `.s.PGSQL.${port}`);
}

/**
 * Where the embedded server of `serverDir` puts its Unix-domain socket (`<serverDir>/socket`, absolute), or
 * `undefined` when `<that>/.s.PGSQL.<port>` would be longer than a socket path may be (a deep DATA_DIR):
 * then clients connect over TCP to 127.0.0.1.
 */
export function socketDirFor(serverDir: string, port: number): string | undefined {
  const dir = path.join(path.resolve(serverDir), 'socket');
  return Buffer.byteLength(socketPath(dir, port)) <= MAX_SOCKET_PATH_BYTES ? dir : undefined;
}

/**
 * `unix_socket_directories` for `dir` (quoted: the setting is a comma-separated list), or none at all: no
 * socket anywhere (not even PostgreSQL's default /tmp) when the clients use TCP.
 */
export function socketDirectoriesSetting(dir: string | undefined): string {
  return `unix_socket_directories=${dir === undefined ? '' : `"${dir.replace(/"/g, '""')}"`}`;
}

/** A URL's host part for a socket directory: node-postgres takes a host that starts with `/` for one. */
export function urlHost(socketDir: string | undefined): string {
  return socketDir === undefined ? '127.0.0.1' : encodeURIComponent(socketDir);
}

/**
 * Makes the socket directory (mode 0700), owned by whoever owns the data directory: the server's user (as
 * root, the package runs PostgreSQL as `postgres`; root connects whatever the mode).
 */
export function prepareSocketDir(dir: string, dataDir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    const owner = fs.statSync(dataDir);
    fs.chownSync(dir, owner.uid, owner.gid);
  }
}
