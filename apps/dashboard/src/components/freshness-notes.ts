import type { ConsumerFreshness, Freshness } from '../api/types';
import { count, dateTime, duration } from '../labels';

/** One paragraph of the freshness banner: what people read, and for admins the error line. */
export interface FreshnessNote {
  readonly kind: 'failing' | 'behind' | 'notices';
  readonly text: string;
  /** The consumer's last error (admins only: the API sends null to others). */
  readonly error: string | null;
}

/** Where a failing consumer stopped: the event it is stuck on, or after its checkpoint while that is pinned down. */
function stoppedAt(c: ConsumerFreshness): string {
  return c.failingPosition !== null
    ? `停在第 ${count(c.failingPosition)} 号事件`
    : `停在第 ${count(c.position)} 号事件之后`;
}

function failingText(c: ConsumerFreshness): string {
  return (
    `数据更新已暂停：${c.labelZh}自 ${dateTime(c.failingSince)} 起${stoppedAt(c)}` +
    `（已重试 ${count(c.failures)} 次）。页面上的数字截至该时刻，请联系系统管理员。`
  );
}

/** How long the oldest event the consumer has not counted has waited: how far its tables lag behind. */
function waited(c: ConsumerFreshness): string | null {
  return c.pendingSinceSeconds === null ? null : duration(c.pendingSinceSeconds);
}

function behindText(c: ConsumerFreshness): string {
  const lagging = waited(c);
  const figures = lagging === null ? '' : `，页面上的数字约滞后 ${lagging}`;
  return `数据正在追赶：尚有 ${count(c.lag)} 条记录未计入${figures}。`;
}

function noticesText(c: ConsumerFreshness): string {
  if (c.state === 'behind') {
    const lagging = waited(c);
    const oldest = lagging === null ? '' : `（最早一条已等待约 ${lagging}）`;
    return `预警通知有延迟：尚有 ${count(c.lag)} 条记录待处理${oldest}，新的预警通知稍后发出。`;
  }
  return (
    `预警通知发送暂停：自 ${dateTime(c.failingSince)} 起未能发出新的预警通知（已重试 ${count(c.failures)} 次）。` +
    '页面上的数字不受影响，请联系系统管理员。'
  );
}

/**
 * What the banner says (nothing when all is current): each consumer of the figures that fails; else the one
 * furthest behind (its oldest pending event the oldest, then the largest lag); and the alert notifier when it fails or is behind (notices, not figures).
 */
export function freshnessNotes(f: Freshness): FreshnessNote[] {
  const figures = f.consumers.filter((c) => c.affects === 'figures');
  const failing = figures.filter((c) => c.state === 'failing');
  const behind = figures
    .filter((c) => c.state === 'behind')
    .sort((a, b) => (b.pendingSinceSeconds ?? 0) - (a.pendingSinceSeconds ?? 0) || b.lag - a.lag)[0];
  const notes: FreshnessNote[] = failing.map((c) => ({
    kind: 'failing',
    text: failingText(c),
    error: c.error,
  }));
  if (failing.length === 0 && behind) notes.push({ kind: 'behind', text: behindText(behind), error: null });
  for (const c of f.consumers) {
    if (c.affects === 'notices' && c.state !== 'current')
      notes.push({ kind: 'notices', text: noticesText(c), error: c.error });
  }
  return notes;
}

/** Since when the figures stand still (the earliest failing consumer of the figures), or null while none fails. */
export function figuresPausedSince(f: Freshness): string | null {
  const since = f.consumers
    .filter((c) => c.affects === 'figures' && c.state === 'failing' && c.failingSince !== null)
    .map((c) => c.failingSince!)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return since[0] ?? null;
}
