import type { DataSource } from 'typeorm';
import { ownerAliveSql } from './idempotency-owner';

/** A claim older than this is taken over even if its owner looks alive (a process that lost track of it). */
export const STALE_MS = 60_000;

/** An Idempotency-Key's record as a duplicate request reads it. */
export interface KeyRecord {
  readonly request_hash: string;
  /** Null: claimed, not answered yet. */
  readonly status: number | null;
  /** The stored answer's body (`storedBody`), once answered. */
  readonly response: string | null;
  readonly owner: number | null;
  /** Whether its owner's lock is held (IdempotencyOwner). */
  readonly owner_alive: boolean;
  /** Claimed more than STALE_MS ago. */
  readonly stale: boolean;
}

/** The record of (scope, key), if there is one. */
export async function readRecord(
  dataSource: DataSource,
  scope: string,
  key: string,
): Promise<KeyRecord | undefined> {
  const [row] = await dataSource.query<KeyRecord[]>(
    `SELECT request_hash, status, response, owner, ${ownerAliveSql('owner')} AS owner_alive,
            created_at < now() - interval '${STALE_MS} milliseconds' AS stale
       FROM idempotency_keys WHERE scope = $1 AND key = $2`,
    [scope, key],
  );
  return row;
}

/**
 * An answer's body as stored (`response`, text): its JSON text as `JSON.stringify` writes it, and Fastify sends it,
 * kept as it is. Not jsonb, which keeps an object's keys in its own order (by length, then bytes): a replay read back
 * from it was not the first answer byte for byte.
 */
export const answerText = (body: unknown): string | null => JSON.stringify(body) ?? null;

/**
 * A stored answer's body, as first answered: parsed from its text, its keys come back in the order they were written,
 * so it is sent again byte for byte (`JSON.stringify` of a parsed `JSON.stringify` is that same text). An answer
 * stored before migration 1764890000000 (jsonb then) comes back in jsonb's key order, as it did.
 */
export const storedBody = (response: string | null): unknown =>
  response === null ? null : (JSON.parse(response) as unknown);
