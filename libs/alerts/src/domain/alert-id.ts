import { isAlertRule, type AlertRule } from './rules';

/** Splits an alert id into its key and episode, or null when it is not one. */
export function parseAlertId(id: string): { key: string; episode: number; rule: AlertRule } | null {
  const m = /^([a-z_]+):([^:/\s]+):([^:/\s]*):(\d{1,6})$/.exec(id);
  if (!m || !isAlertRule(m[1]!)) return null;
  return { key: `${m[1]}:${m[2]}:${m[3]}`, episode: Number(m[4]), rule: m[1] };
}
