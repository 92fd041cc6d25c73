import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { forEachRecordedReference } from './evidence-references';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';

/** A file an event refers to that the store no longer holds whole. */
export interface EvidenceFault {
  readonly problem: 'missing' | 'corrupt';
  readonly sha256: string;
  readonly name: string;
  /** The milestones (or standing items) whose events refer to it. */
  readonly owners: readonly string[];
}

export interface EvidenceAuditResult {
  /** Distinct files checked (their bytes hashed). */
  readonly checked: number;
  /** References to no uploaded file (older fingerprint-only references): not checkable, not faults. */
  readonly fingerprintOnly: number;
  readonly faults: readonly EvidenceFault[];
}

interface Reference {
  name: string;
  /** The event recorded the file's size: it referred to an uploaded file. */
  fileBacked: boolean;
  owners: Set<string>;
}

/**
 * Checks every evidence file the events refer to: present in the store, and its bytes hash to the recorded
 * SHA-256. A reference is to a file when its event recorded the file's size or the file was uploaded; the others
 * are older fingerprint-only references (a name and a hash, no file) and are only counted.
 */
@Injectable()
export class EvidenceAudit {
  constructor(
    private readonly events: EventStore,
    private readonly db: DataSource,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
  ) {}

  async run(): Promise<EvidenceAuditResult> {
    const refs = await this.references();
    const uploaded = new Set(
      (await this.db.query<{ sha256: string }[]>('SELECT sha256 FROM evidence_files')).map((r) => r.sha256),
    );
    const faults: EvidenceFault[] = [];
    let checked = 0;
    let fingerprintOnly = 0;
    for (const [sha256, ref] of refs) {
      if (!ref.fileBacked && !uploaded.has(sha256)) {
        fingerprintOnly++;
        continue;
      }
      checked++;
      const actual = await this.hashOf(sha256);
      if (actual === sha256) continue;
      const owners = [...ref.owners].sort();
      faults.push({ problem: actual === null ? 'missing' : 'corrupt', sha256, name: ref.name, owners });
    }
    return { checked, fingerprintOnly, faults };
  }

  private async references(): Promise<Map<string, Reference>> {
    const refs = new Map<string, Reference>();
    await forEachRecordedReference(this.events, (item) => {
      const ref = refs.get(item.sha256) ?? { name: item.name, fileBacked: false, owners: new Set() };
      ref.fileBacked ||= item.size !== undefined;
      ref.owners.add(item.owner);
      refs.set(item.sha256, ref);
    });
    return refs;
  }

  /** The SHA-256 of the stored bytes, or null when the store has no such file. */
  private async hashOf(sha256: string): Promise<string | null> {
    const bytes = await this.store.open(sha256);
    if (!bytes) return null;
    const hash = createHash('sha256');
    for await (const chunk of bytes) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}
