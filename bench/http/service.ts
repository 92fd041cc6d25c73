/**
 * A service process as `npm start` / `npm run start:worker` run it (from source: BENCH_SERVICE_ENTRY is
 * apps/api/src/main.ts or apps/worker/src/main.ts), with every SQL statement counted. The bench asks for the
 * counts over the IPC channel: message `take` → the counts since the last `take`.
 */
import * as path from 'node:path';
import { installQueryCounter } from './query-counter';

const counter = installQueryCounter();

process.on('message', (m: unknown) => {
  if (m === 'take') process.send?.(counter.take());
});

const entry = process.env.BENCH_SERVICE_ENTRY;
if (!entry) throw new Error('BENCH_SERVICE_ENTRY is not set');
void import(path.resolve(__dirname, '..', '..', entry));
