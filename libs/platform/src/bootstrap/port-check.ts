import { createServer } from 'node:net';

/** Exit code when the HTTP port cannot be bound (EX_UNAVAILABLE from sysexits.h). */
export const PORT_UNAVAILABLE_EXIT_CODE = 69;

/**
 * Why `port` on `host` cannot be listened on right now (in use, not permitted), or undefined when it can: checked
 * before anything starts (the embedded database, migrations, the seed import).
 */
export function portProblem(port: number, host: string): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === 'EADDRINUSE'
          ? `PORT ${port} is already in use on ${host} (another process listens there): stop it or set PORT`
          : e.code === 'EACCES'
            ? `PORT ${port} on ${host} is not permitted to this user: choose PORT 1024 or above`
            : `PORT ${port} on ${host} cannot be listened on: ${e.message}`,
      ),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}
