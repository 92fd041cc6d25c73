/** What the demo prints: progress and results on stdout, warnings on stderr, and the logins banner. */
import { ACTOR_ROLE_LABELS_ZH } from '@app/milestones/labels';
import type { DemoLogin, DemoState } from './demo-state';

export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const warn = (line: string): void => void process.stderr.write(`${line}\n`);

/** The banner with the dashboard's address and one token per demo login. */
export function printLogins(baseUrl: string, logins: readonly DemoLogin[], state: DemoState | null): void {
  say('');
  say('══════════ 三区并进督办 · 演示环境（模拟数据）══════════');
  say(`打开仪表盘：${baseUrl}/`);
  say('以下令牌仅用于本机演示；库中 2020–2022 年的全部填报均为程序生成的【模拟数据】，不是真实工作情况。');
  for (const l of logins) {
    say(`  【${ACTOR_ROLE_LABELS_ZH[l.role]}】${l.label}`);
    say(`      ${l.token}`);
  }
  if (state?.scansUnavailable) {
    say('注意：服务尚无预警扫描接口（POST /api/v1/alerts:scan），本次未生成月末预警。');
  }
  say('═══════════════════════════════════════════════════════');
}
