import * as fs from 'node:fs';
import type { Role } from '@app/access';

export interface DemoLogin {
  readonly role: Role;
  readonly label: string;
  readonly unit?: string;
  readonly token: string;
}

/** Kept in DATA_DIR (mode 0600): the demo's logins and whether the history is complete. */
export interface DemoState {
  readonly seed: string;
  complete: boolean;
  logins: DemoLogin[];
  commands?: number;
  scans?: number;
  scansUnavailable?: boolean;
  finishedAt?: string;
}

export const DEMO_STATE_FILE = 'demo-state.json';
/** The name of every login the demo creates (and so of the actor of what is recorded with it). */
export const DEMO_LOGIN_PREFIX = '模拟数据·演示登录·';

/** The state kept beside the database, or null when there is none (or it cannot be read). */
export function readDemoState(file: string): DemoState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
  } catch {
    return null;
  }
}

export function writeDemoState(file: string, state: DemoState): void {
  fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
