import { fmt } from '../event-store/harness';
import { processCpuSeconds } from '../event-store/process-cpu';
import type { Child } from './processes';

/**
 * FOCUS_ALS_SWITCH=1 (an experiment): the API's CPU per request with its AsyncLocalStorage on (as shipped: the
 * per-request statement bound, with Node 20's promise hooks) and off (service.ts, `BENCH_ALS_SWITCH`), in alternating
 * rounds of `roundMs` in one process, so both see the same machine. Off, requests' statements are unbounded.
 */
export async function alsSwitchRounds(
  api: Child,
  burst: (ms: number) => Promise<number>,
  seconds: number,
  roundMs = 2000,
): Promise<string> {
  const sum = { on: { cpu: 0, n: 0 }, off: { cpu: 0, n: 0 } };
  const rounds = Math.max(2, Math.round((seconds * 1000) / roundMs));
  for (let r = 0; r < rounds; r++) {
    const phase = r % 2 === 0 ? 'on' : 'off';
    api.process.send(`als-${phase}`);
    await burst(200); // the switch reaches the process; requests already under way finish
    const cpu0 = processCpuSeconds(api.process.pid!);
    const n = await burst(roundMs);
    sum[phase].cpu += processCpuSeconds(api.process.pid!) - cpu0;
    sum[phase].n += n;
  }
  api.process.send('als-on');
  const per = (p: 'on' | 'off') => `${fmt((1000 * sum[p].cpu) / sum[p].n, 3)} ms over ${sum[p].n} requests`;
  return `API CPU per request, AsyncLocalStorage on: ${per('on')}; off: ${per('off')} (${rounds} rounds of ${roundMs} ms)\n`;
}
