/**
 * A service process as `npm start` / `npm run start:worker` run it (from source: BENCH_SERVICE_ENTRY is
 * apps/api/src/main.ts or apps/worker/src/main.ts), with every SQL statement counted. The bench asks for the
 * counts over the IPC channel: message `take` → the counts since the last `take`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as path from 'node:path';
import { installQueryCounter } from './query-counter';

const counter = installQueryCounter();

process.on('message', (m: unknown) => {
  if (m === 'take') process.send?.(counter.take());
  else if (m === 'als-off' || m === 'als-on') alsSwitch?.(m === 'als-on');
});

/**
 * BENCH_ALS_SWITCH=1 (an experiment, `FOCUS_ALS_SWITCH`): messages `als-off` / `als-on` turn every
 * AsyncLocalStorage of the process off (disabled: no promise hooks; `run` just calls, `getStore` finds nothing, so
 * requests' statements go unbounded) and on again, so one process can be measured both ways in alternating rounds.
 */
const alsSwitch = process.env.BENCH_ALS_SWITCH === '1' ? installAlsSwitch() : undefined;

function installAlsSwitch(): (on: boolean) => void {
  type Als = AsyncLocalStorage<unknown>;
  const proto = AsyncLocalStorage.prototype as unknown as Record<
    string,
    (this: Als, ...a: unknown[]) => unknown
  >;
  const seen = new Set<Als>();
  let off = false;
  const orig = { run: proto.run!, exit: proto.exit!, getStore: proto.getStore! };
  // BENCH_ALS_SWITCH_MODE=unbound: off keeps the stores running (promise hooks on) but lets no one find them (no
  // bounds, no timers): what the hooks cost alone is the difference between the two experiments.
  const hooksStay = process.env.BENCH_ALS_SWITCH_MODE === 'unbound';
  proto.run = function (this: Als, store: unknown, fn: unknown, ...args: unknown[]) {
    seen.add(this);
    return off && !hooksStay
      ? (fn as (...a: unknown[]) => unknown)(...args)
      : orig.run.call(this, store, fn, ...args);
  };
  proto.exit = function (this: Als, fn: unknown, ...args: unknown[]) {
    return off && !hooksStay
      ? (fn as (...a: unknown[]) => unknown)(...args)
      : orig.exit.call(this, fn, ...args);
  };
  proto.getStore = function (this: Als) {
    return off ? undefined : orig.getStore.call(this);
  };
  return (on) => {
    off = !on;
    if (off && !hooksStay) for (const als of seen) als.disable();
  };
}

const entry = process.env.BENCH_SERVICE_ENTRY;
if (!entry) throw new Error('BENCH_SERVICE_ENTRY is not set');
void import(path.resolve(__dirname, '..', '..', entry));
