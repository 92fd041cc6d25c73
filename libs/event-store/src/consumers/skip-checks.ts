/**
 * A skip refused: the position is not the next event the consumer would handle, or (without `force`) no recorded
 * failure names it (the message says what is recorded and what to do).
 */
export class SkipRefusedError extends Error {
  override readonly name = 'SkipRefusedError';
}

/** What a skip reads under the consumer's checkpoint lock (`consumer-skip.ts`), in one statement. */
export interface SkipRow {
  /** The checkpoint. */
  position: string;
  failing_since: Date | null;
  failing_position: string | null;
  last_error: string | null;
  /** The event at the position (null: none). */
  event_id: string | null;
  type: string | null;
  stream_id: string | null;
  /** Whether the last skip of that position was forced (null: never skipped). */
  skipped_forced: boolean | null;
  /** The next event the consumer would handle (null: none pending). */
  next: string | null;
}

/** What a skip does: nothing (`already` done), or step over the event, recorded as `forced`, with the `error`. */
export type SkipVerdict =
  | { readonly already: true; readonly forced: boolean }
  | { readonly already: false; readonly forced: boolean; readonly error: string | null };

/** Why a skip of `position` is refused when the recorded failure (`failing_position`) does not name it. */
function notFailingOn(name: string, position: number, r: SkipRow): string {
  const what =
    r.failing_since === null
      ? `${name} has no failure recorded (it may just be behind)`
      : r.failing_position === null
        ? `${name} is failing but no event is named (being pinned down, or the error is not tied to an event)`
        : `${name} fails on event ${r.failing_position}, not ${position}`;
  return (
    `${what}: only the event a recorded failure names can be skipped; see projections status ` +
    `(--force steps over the next event anyway)`
  );
}

/**
 * Judges a skip of the consumer `name` over `position` on what it read (`r`): throws `SkipRefusedError` unless the
 * event exists, is the next one the consumer would handle and is the one its recorded failure names (or `force`);
 * `already` when that skip was done and the checkpoint has passed it. The recorded error goes with the skip unless
 * the failure names another event.
 */
export function judgeSkip(name: string, position: number, r: SkipRow, force: boolean): SkipVerdict {
  const checkpoint = Number(r.position);
  if (r.event_id === null) throw new SkipRefusedError(`No event at position ${position}`);
  if (checkpoint >= position) {
    if (r.skipped_forced !== null) return { already: true, forced: r.skipped_forced };
    throw new SkipRefusedError(`${name} is past position ${position} already (checkpoint ${checkpoint})`);
  }
  if (r.next === null || Number(r.next) !== position) {
    throw new SkipRefusedError(
      `Position ${position} is not the next event ${name} would handle (` +
        (r.next === null
          ? `its checkpoint ${checkpoint}: none is pending`
          : `that is ${r.next}, after its checkpoint ${checkpoint}`) +
        ')',
    );
  }
  const named = r.failing_position !== null && Number(r.failing_position) === position;
  if (!named && !force) throw new SkipRefusedError(notFailingOn(name, position, r));
  return {
    already: false,
    forced: !named,
    error: r.failing_position === null || named ? r.last_error : null,
  };
}
