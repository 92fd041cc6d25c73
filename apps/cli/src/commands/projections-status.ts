import type { ConsumerStatus } from '@app/event-store';

export const n = (x: number): string => x.toLocaleString('en-US');

/** The status table: one row per consumer, its state (`ok` or `FAILING`) and how many events it was stepped over. */
export function statusTable(rows: readonly ConsumerStatus[]): string {
  const header = ['consumer', 'checkpoint', 'head', 'lag', 'updated', 'state', 'skips'];
  const body = rows.map((r) => [
    r.name,
    n(r.position),
    n(r.head),
    n(r.lag),
    r.updatedAt ? r.updatedAt.toISOString() : 'never',
    r.failing === null ? 'ok' : 'FAILING',
    n(r.skips.length),
  ]);
  const left = new Set([0, 4, 5]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** For a failing consumer: what fails since when, and what to do (English, then Chinese). */
export function failingLines(r: ConsumerStatus): string {
  const f = r.failing;
  if (f === null) return '';
  const head = `${r.name}: failing since ${f.since.toISOString()} (${n(f.failures)} failed batches): ${f.error}`;
  if (!f.eventBound) {
    return (
      `${head}\n  not tied to an event (SQLSTATE ${f.sqlState}): every batch fails whatever it holds; fix the cause ` +
      `shown (e.g. a migration not applied, rights, resources) and the worker goes on by itself; no skip` +
      ` / 该失败与具体事件无关（SQLSTATE ${f.sqlState}）：请修复上述原因，worker 会自动继续；无需跳过事件\n`
    );
  }
  if (f.position === null) {
    return (
      `${head}\n  the failing event is being pinned down (each retry halves the batch); run status again shortly` +
      ` / 正在定位出错的事件（每次重试批量减半），稍后再查看\n`
    );
  }
  const skip = `projections skip ${r.name} ${f.position} --reason "…"`;
  return (
    `${head}\n  at event ${f.position} (${f.eventId ?? '?'}): fix the cause and restart the worker; if the event ` +
    `cannot be handled, step over it: ${skip}\n  / 事件 ${f.position} 处理失败：修复原因后重启 worker；` +
    `若该事件确实无法处理，可跳过：${skip}\n`
  );
}

/** The closing line: failing consumers first, then the ones behind, or all up to date. */
export function summaryLine(rows: readonly ConsumerStatus[]): string {
  const failing = rows.filter((r) => r.failing !== null);
  if (failing.length > 0) {
    return `${failing.length} failing: ${failing.map((r) => r.name).join(', ')} / 有投影处理事件失败，见上\n`;
  }
  const behind = rows.filter((r) => r.lag > 0);
  return behind.length === 0
    ? 'all projections are up to date / 所有投影均已追平\n'
    : `${behind.length} behind: ${behind.map((r) => `${r.name} (${n(r.lag)})`).join(', ')} / 有投影落后于事件\n`;
}

/** `--json`: every field but `activeHere` and `readAt`, dates as ISO strings, the skips as positions. */
export function statusJson(rows: readonly ConsumerStatus[]): string {
  const out = rows.map(({ activeHere: _here, readAt: _read, ...r }) => ({
    ...r,
    updatedAt: r.updatedAt?.toISOString() ?? null,
    oldestPendingAt: r.oldestPendingAt?.toISOString() ?? null,
    failing: r.failing && { ...r.failing, since: r.failing.since.toISOString() },
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
