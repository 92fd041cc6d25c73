import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { databaseOutageOf } from './database-unavailable';

const pgError = (code: string, message = 'server said no'): DatabaseError => {
  const e = new DatabaseError(message, 0, 'error');
  e.code = code;
  return e;
};
const socketError = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('databaseOutageOf', () => {
  it.each([
    [socketError('ECONNREFUSED'), 'unreachable'],
    [socketError('ECONNRESET'), 'unreachable'],
    [new AggregateError([socketError('ECONNREFUSED')], 'all addresses failed'), 'unreachable'],
    [
      Object.assign(new Error('connect ENOENT /srv/pm/postgres/socket/.s.PGSQL.5432'), {
        code: 'ENOENT',
        syscall: 'connect',
      }),
      'unreachable',
    ],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('timeout exceeded when trying to connect'), 'timeout'],
    [new Error('Connection terminated due to connection timeout'), 'timeout'],
    [new QueryFailedError('SELECT 1', [], new Error('Query read timeout')), 'timeout'],
    [pgError('08006'), 'unreachable'],
    [pgError('53100', 'could not extend file "base/16384/16386": No space left on device'), 'disk_full'],
    [pgError('53200'), 'out_of_memory'],
    [pgError('53300'), 'too_many_connections'],
    [pgError('53400'), 'insufficient_resources'],
    [new Error('Query cancelled'), 'shutting_down'],
    [pgError('57P01'), 'shutting_down'],
    [pgError('57P02'), 'shutting_down'],
    [pgError('57P03'), 'shutting_down'],
    [pgError('58030'), 'io_error'],
    [pgError('25006'), 'read_only'],
    [new QueryFailedError('INSERT …', [], pgError('53100')), 'disk_full'],
    [new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')), 'unreachable'],
    [new Error('wrapped', { cause: socketError('ECONNREFUSED') }), 'unreachable'],
  ])('%s is an outage: %s', (error, outage) => {
    expect(databaseOutageOf(error)).toBe(outage);
  });

  it.each([
    [new TypeError("Cannot read properties of undefined (reading 'id')")],
    [new QueryFailedError('INSERT …', [], pgError('23505', 'duplicate key value'))],
    [new QueryFailedError('SELECT …', [], pgError('42P01', 'relation "nope" does not exist'))],
    [pgError('42501', 'permission denied for table events')],
    [pgError('PM003', 'events are append-only')],
    [
      Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), {
        code: 'ENOENT',
        syscall: 'open',
      }),
    ],
    ['a string'],
    [undefined],
  ])('%s is a bug or a refusal, not an outage', (error) => {
    expect(databaseOutageOf(error)).toBeUndefined();
  });
});
