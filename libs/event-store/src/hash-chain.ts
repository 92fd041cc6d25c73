import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the chain covers, as the database renders them (jsonb and timestamp as canonical text). */
export interface CanonicalEventFields {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly dataText: string;
  readonly metadataText: string;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  readonly recordedAtText: string;
}

/** sha256(prev_hash ‖ canonical event), the same as `pm_event_canonical` in SQL. */
export function chainHash(prevHash: string, e: CanonicalEventFields): string {
  const canonical = [
    prevHash,
    String(e.position),
    e.streamId,
    String(e.version),
    e.eventId,
    e.type,
    e.dataText,
    e.metadataText,
    e.recordedAtText,
  ].join('\n');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
