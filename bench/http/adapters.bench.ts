/**
 * Nest's HTTP adapters side by side (issue 16: what the framework costs a command): the command route's shape
 * (adapter-server.ts: guard, ValidationPipe, DTO, 201 JSON; no database) on Express and on Fastify, in alternating
 * rounds: at a fixed rate (ADAPTERS_RATE req/s, default 2,000: the CPU per request at the same load) and closed
 * loop on BENCH_CONNECTIONS (8). Prints req/s and the server process's CPU ms per request.
 *
 *   node bench/event-store/run.js bench/http/adapters.bench.ts
 */
import { freePort } from '@app/platform';
import { envNumber } from '../event-store/bench-database';
import { fmt } from '../event-store/harness';
import { runBench } from '../event-store/interrupt';
import { processCpuSeconds } from '../event-store/process-cpu';
import { httpClient } from './http-client';
import { startChild } from './processes';

const ROUNDS = envNumber('ADAPTERS_ROUNDS', 3);
const SECONDS = envNumber('ADAPTERS_SECONDS', 6);
const RATE = envNumber('ADAPTERS_RATE', 2000);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 8);
const BODY = { percent: 40, note: '进展顺利，已完成阶段性目标', occurredAt: '2021-05-01' };

async function measure(adapter: string, rate: number): Promise<{ rps: number; cpuMs: number }> {
  const port = await freePort();
  const child = startChild('bench/http/adapter-server.ts', { ADAPTER: adapter, PORT: String(port) }, true);
  try {
    await new Promise<void>((resolve, reject) => {
      child.process.once('message', () => resolve());
      child.process.once('exit', () => reject(new Error(`${adapter} server exited:\n${child.output()}`)));
    });
    const client = httpClient(`http://127.0.0.1:${port}`, CONNECTIONS);
    const loop = async (seconds: number, perConnection: number): Promise<number> => {
      const until = Date.now() + seconds * 1000;
      let done = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          let next = Date.now();
          while (Date.now() < until) {
            if (perConnection > 0) {
              next += 1000 / perConnection;
              const wait = next - Date.now();
              if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            }
            const r = await client.request('POST', '/api/v1/milestones/m-1/progress', BODY, {
              authorization: 'Bearer bench',
            });
            if (r.status !== 201) throw new Error(`${adapter}: ${r.status} ${r.body}`);
            done++;
          }
        }),
      );
      return done;
    };
    await loop(2, 0); // warm-up
    const pid = child.process.pid!;
    const cpu0 = processCpuSeconds(pid);
    const t0 = process.hrtime.bigint();
    const n = await loop(SECONDS, rate / CONNECTIONS);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuMs = ((processCpuSeconds(pid) - cpu0) * 1000) / n;
    client.close();
    return { rps: n / seconds, cpuMs };
  } finally {
    await child.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `adapters: ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections; fixed rate ${RATE} req/s, then closed loop`,
  );
  for (let round = 1; round <= ROUNDS; round++) {
    for (const adapter of ['express', 'fastify']) {
      const fixed = await measure(adapter, RATE);
      const closed = await measure(adapter, 0);
      console.log(
        `round ${round} ${adapter.padEnd(7)}: at ${fmt(fixed.rps)} req/s ${fmt(fixed.cpuMs, 3)} CPU ms/req; ` +
          `closed loop ${fmt(closed.rps)} req/s at ${fmt(closed.cpuMs, 3)} CPU ms/req`,
      );
    }
  }
}

runBench(main);
