import * as fs from 'node:fs';
import * as path from 'node:path';

/** utime + stime (+ cutime + cstime: reaped children) of a process, in clock ticks, and its parent's pid. */
function ticks(pid: string, withChildren: boolean): [ppid: string, ticks: number] {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // fields 4 (ppid), 14–17 (utime, stime, cutime, cstime) of proc(5), counted from `state` = 0 here
  const own = Number(f[11]) + Number(f[12]);
  return [f[1]!, withChildren ? own + Number(f[13]) + Number(f[14]) : own];
}

/** CPU seconds a process (this machine, Linux /proc) has used so far; NaN when it cannot be read. */
export function processCpuSeconds(pid: number): number {
  try {
    return ticks(String(pid), false)[1] / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used by the database server so far: the postmaster's own and its reaped children's (cutime,
 * cstime: backends that have exited), plus every live child's. NaN when the server is not on this machine.
 */
export async function serverCpuSeconds(query: (sql: string) => Promise<unknown[]>): Promise<number> {
  const [setting] = (await query('SHOW data_directory')) as { data_directory: string }[];
  try {
    const file = path.join(setting!.data_directory, 'postmaster.pid');
    const postmaster = fs.readFileSync(file, 'utf8').split('\n')[0]!.trim();
    let total = ticks(postmaster, true)[1];
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const [ppid, t] = ticks(pid, false);
        if (ppid === postmaster) total += t;
      } catch {
        // exited meanwhile
      }
    }
    return total / 100;
  } catch {
    return NaN;
  }
}
