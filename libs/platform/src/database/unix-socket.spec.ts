import { Client } from 'pg';
import {
  MAX_SOCKET_PATH_BYTES,
  socketDirectoriesSetting,
  socketDirFor,
  socketPath,
  urlHost,
} from './unix-socket';

/** A server directory whose socket path `<dir>/socket/.s.PGSQL.<port>` is exactly `bytes` long. */
const serverDirOf = (bytes: number, port: number): string =>
  `/${'d'.repeat(bytes - `//socket/.s.PGSQL.${port}`.length)}`;

describe('the embedded server’s Unix-domain socket', () => {
  it('lives in <server dir>/socket, as an absolute path, named after the port', () => {
    expect(socketDirFor('/srv/pm/postgres', 54321)).toBe('/srv/pm/postgres/socket');
    expect(socketDirFor('data/postgres', 5432)).toBe(`${process.cwd()}/data/postgres/socket`);
    expect(socketPath('/srv/pm/postgres/socket', 54321)).toBe('/srv/pm/postgres/socket/.s.PGSQL.54321');
  });

  it(`is used up to a ${MAX_SOCKET_PATH_BYTES}-byte path; one byte more and the clients use TCP`, () => {
    const fits = serverDirOf(MAX_SOCKET_PATH_BYTES, 54321);
    expect(socketPath(socketDirFor(fits, 54321)!, 54321)).toHaveLength(MAX_SOCKET_PATH_BYTES);
    expect(socketDirFor(`${fits}x`, 54321)).toBeUndefined();
    // The port is part of the path: a shorter port leaves room for a longer directory.
    expect(socketDirFor(`${fits}x`, 5432)).toBeDefined();
  });

  it('counts bytes, not characters (a directory named in Chinese takes three bytes a character)', () => {
    const dir = `/${'数'.repeat(30)}`; // 91 bytes + "/socket/.s.PGSQL.54321" > 107
    expect(dir.length + '/socket/.s.PGSQL.54321'.length).toBeLessThan(MAX_SOCKET_PATH_BYTES);
    expect(socketDirFor(dir, 54321)).toBeUndefined();
  });

  it('is named in URLs so that node-postgres connects to it, and 127.0.0.1 without one', () => {
    const dir = '/tmp/pm data,1/postgres/socket';
    const url = `postgres://u:p@${urlHost(dir)}:54321/progress_monitor`;
    const client = new Client({ connectionString: url }); // parsed, not connected
    expect(client).toMatchObject({ host: dir, port: 54321, database: 'progress_monitor' });
    expect(new URL(url).port).toBe('54321'); // withDatabaseName & co. still read it
    expect(urlHost(undefined)).toBe('127.0.0.1');
  });

  it('is given to PostgreSQL quoted (the setting is a list), or not at all', () => {
    expect(socketDirectoriesSetting('/a,"b"')).toBe('unix_socket_directories="/a,""b"""');
    expect(socketDirectoriesSetting(undefined)).toBe('unix_socket_directories=');
  });
});
