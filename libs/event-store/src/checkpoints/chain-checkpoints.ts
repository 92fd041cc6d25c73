import { createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, AppError, Clock } from '@app/platform';
import { EventStore, type ChainVerification } from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import { keyFingerprint, signatureProblem, signCheckpoint, type SignedCheckpoint } from './checkpoint';
import { checkpointKeyFiles, loadOrCreateSigningKey } from './checkpoint-keys';

/** What checking the store against a checkpoint found. */
export type CheckpointCheck =
  | { readonly ok: true; readonly chain: ChainVerification }
  | {
      readonly ok: false;
      /**
       * `signature`: not signed with the given key (forged, altered, another key); `mismatch`: the store no
       * longer holds the checkpointed head (tail removed, or history rewritten and re-hashed); `chain`: the
       * hash chain itself is broken.
       */
      readonly failure: 'signature' | 'mismatch' | 'chain';
      readonly reason: string;
      /** The position the failure concerns. */
      readonly position?: number;
    };

export class ChainBrokenError extends AppError {
  constructor(v: ChainVerification) {
    super({
      kind: 'conflict',
      code: 'CHAIN_BROKEN',
      message: `No checkpoint: the hash chain is broken at position ${v.brokenAt} (${v.reason})`,
      messageZh: `无法生成检查点：哈希链在位置 ${v.brokenAt} 处断裂`,
      details: { brokenAt: v.brokenAt, reason: v.reason },
    });
  }
}

/**
 * Signed checkpoints of the hash chain (`{position, head hash}` signed with the Ed25519 key under
 * `DATA_DIR/keys`): kept outside the database, they let anyone holding one detect a removed tail or a
 * rewritten and re-hashed history, which the chain alone cannot show to someone who can write the database.
 */
@Injectable()
export class ChainCheckpoints {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Verifies the whole chain and signs its head; refuses (CHAIN_BROKEN) to vouch for a broken chain. */
  async create(onProgress?: (checked: number) => void): Promise<SignedCheckpoint> {
    const key = loadOrCreateSigningKey(this.config.dataDir);
    const chain = await this.store.verifyChain(onProgress);
    if (!chain.ok) throw new ChainBrokenError(chain);
    const head = chain.headPosition > 0 ? await this.eventAt(chain.headPosition) : undefined;
    return signCheckpoint(
      {
        position: chain.headPosition,
        headHash: chain.headHash,
        headRecordedAt: head?.recordedAt.toISOString() ?? null,
        createdAt: this.clock.now().toISOString(),
      },
      key,
    );
  }

  /** The public key (PEM) that checks this service's checkpoints, and its fingerprint. */
  publicKey(): { algorithm: 'ed25519'; fingerprint: string; pem: string } {
    const key = createPublicKey(loadOrCreateSigningKey(this.config.dataDir));
    const pem = fs.readFileSync(checkpointKeyFiles(this.config.dataDir).publicKey, 'utf8');
    return { algorithm: 'ed25519', fingerprint: keyFingerprint(key), pem };
  }

  /** The public key of DATA_DIR, or undefined when no key was made there yet. */
  localPublicKey(): KeyObject | undefined {
    const file = checkpointKeyFiles(this.config.dataDir).privateKey;
    return fs.existsSync(file) ? createPublicKey(loadOrCreateSigningKey(this.config.dataDir)) : undefined;
  }

  /**
   * Checks, in this order: the signature (with `publicKey`); that the store still holds the checkpointed
   * position with the checkpointed hash; that the whole chain verifies.
   */
  async check(
    checkpoint: SignedCheckpoint,
    publicKey: KeyObject,
    onProgress?: (checked: number) => void,
  ): Promise<CheckpointCheck> {
    const problem = signatureProblem(checkpoint, publicKey);
    if (problem) return { ok: false, failure: 'signature', reason: problem };
    const { position, headHash } = checkpoint;
    if (position === 0 && headHash !== GENESIS_HASH)
      return { ok: false, failure: 'mismatch', reason: 'position 0 must carry the genesis hash', position };
    if (position > 0) {
      const event = await this.eventAt(position);
      if (!event) {
        const head = await this.store.headPosition();
        return {
          ok: false,
          failure: 'mismatch',
          position,
          reason: `position ${position} is missing: the store ends at position ${head} (events were removed)`,
        };
      }
      if (event.hash !== headHash)
        return {
          ok: false,
          failure: 'mismatch',
          position,
          reason: `the event at position ${position} has hash ${event.hash}, the checkpoint says ${headHash} (history was rewritten)`,
        };
    }
    const chain = await this.store.verifyChain(onProgress);
    if (!chain.ok)
      return { ok: false, failure: 'chain', position: chain.brokenAt, reason: chain.reason ?? 'broken' };
    return { ok: true, chain };
  }

  private async eventAt(position: number) {
    const [event] = await this.store.readAll(position - 1, 1);
    return event?.position === position ? event : undefined;
  }
}
