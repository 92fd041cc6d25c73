import { hash, randomUUID } from 'node:crypto';

export function newEventId(): string {
  return randomUUID();
}

/** A UUID (v5 layout) derived from a name: the same name always gives the same event id. */
export function deterministicUuid(name: string): string {
  const h = hash('sha1', `progress-monitor:${name}`, 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
