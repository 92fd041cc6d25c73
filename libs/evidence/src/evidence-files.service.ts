import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, findForbiddenCharacter } from '@app/platform';
import { evidenceErrors } from './evidence.errors';
import { lockEvidenceFile, markReferenced, type EvidenceRow } from './evidence-rows';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { type EvidenceContentType, type EvidenceFile, SHA256_HEX } from './evidence-types';
import { fileSource, receiveUpload } from './receive-upload';
import { sniffEvidenceType } from './sniff';

/** The longest file name kept (as an evidence reference's name). */
export const EVIDENCE_FILE_NAME_MAX = 200;

/** A command's evidence reference as the client sends it (validated by the command's own rules later). */
interface SentRef {
  readonly name?: unknown;
  readonly sha256?: unknown;
}

const toFile = (r: EvidenceRow): EvidenceFile => ({
  sha256: r.sha256,
  name: r.name,
  size: Number(r.size),
  contentType: r.content_type as EvidenceContentType,
});

/** The file name from the `X-File-Name` header: percent-encoded UTF-8, the last path segment, one line. */
export function uploadName(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw evidenceErrors.nameInvalid('give the file name (percent-encoded UTF-8)', '不能为空');
  }
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw evidenceErrors.nameInvalid('not valid percent-encoded UTF-8', '编码无效（应为 UTF-8 百分号编码）');
  }
  name = (name.split(/[\\/]/).pop() ?? '').trim();
  if (name === '' || [...name].length > EVIDENCE_FILE_NAME_MAX) {
    throw evidenceErrors.nameInvalid(
      `must be 1–${EVIDENCE_FILE_NAME_MAX} characters`,
      `长度应为 1–${EVIDENCE_FILE_NAME_MAX} 个字符`,
    );
  }
  if (findForbiddenCharacter(name, false) !== null) {
    throw evidenceErrors.nameInvalid('must not contain control characters', '不能包含控制字符');
  }
  return name;
}

/** Uploads, lookups and command references of evidence files (佐证材料). */
@Injectable()
export class EvidenceFiles {
  constructor(
    private readonly db: DataSource,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores an upload: staged, hashed, size-checked, typed by its bytes, then moved into the store and recorded.
   * The same bytes again get the same answer (the first upload's name) and count as uploaded now (the removal of
   * unreferenced files waits for them again). A refused upload leaves nothing behind. Moving the bytes in and
   * recording them hold the file's lock, which a removal of the same file takes too: neither sees the other half
   * done.
   */
  async upload(body: Readable, name: string, declaredLength: number | undefined, uploadedBy: string) {
    const max = this.config.evidenceMaxBytes;
    if (declaredLength !== undefined && declaredLength > max) throw evidenceErrors.tooLarge(max);
    const staging = await this.store.stagingFile();
    try {
      const { sha256, size } = await receiveUpload(body, staging, max);
      if (size === 0) throw evidenceErrors.empty();
      const source = await fileSource(staging);
      const contentType = await sniffEvidenceType(source).finally(() => source.close());
      if (contentType === null) throw evidenceErrors.unsupported();
      await this.db.transaction(async (m) => {
        await lockEvidenceFile(m, sha256);
        await this.store.put(staging, sha256);
        await m.query(
          `INSERT INTO evidence_files (sha256, name, size, content_type, uploaded_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (sha256) DO UPDATE SET uploaded_at = now()`,
          [sha256, name, size, contentType, uploadedBy],
        );
      });
      return (await this.find(sha256))!;
    } finally {
      await fs.promises.rm(staging, { force: true });
    }
  }

  /** The recorded file whose bytes are in the store, or null. */
  async find(sha256: string): Promise<EvidenceFile | null> {
    const rows = await this.db.query<EvidenceRow[]>(
      'SELECT sha256, name, size, content_type FROM evidence_files WHERE sha256 = $1',
      [sha256],
    );
    return rows[0] && (await this.store.has(sha256)) ? toFile(rows[0]) : null;
  }

  /** The file and its bytes, or 404 EVIDENCE_NOT_FOUND. */
  async download(sha256: string): Promise<{ file: EvidenceFile; bytes: Readable }> {
    if (!SHA256_HEX.test(sha256)) throw evidenceErrors.hashInvalid('sha256');
    const file = await this.find(sha256);
    const bytes = file && (await this.store.open(sha256));
    if (!file || !bytes) throw evidenceErrors.notFound(sha256);
    return { file, bytes };
  }

  /**
   * A command's evidence references, each given the size and content type of its uploaded file, which is marked
   * referenced from now on (before the command appends: a file a command is about to record is never removed as
   * unreferenced; a command that then fails leaves it marked, kept). A reference to a file never uploaded (or
   * removed as unreferenced) is refused (400 EVIDENCE_FILE_MISSING) unless EVIDENCE_REQUIRE_UPLOAD=false, which keeps
   * it as the older fingerprint-only reference. Anything malformed is left for the command's own validation.
   */
  async attach<T>(refs: T, field = 'evidence'): Promise<T> {
    if (!Array.isArray(refs)) return refs;
    const out: unknown[] = [];
    for (const [i, ref] of (refs as unknown[]).entries()) {
      const r = ref as SentRef | null;
      const given = typeof r === 'object' && r !== null ? r.sha256 : undefined;
      // Either case, as the domain accepts it (it records lower case): the file is found and marked all the same.
      const sha256 = typeof given === 'string' ? given.toLowerCase() : undefined;
      if (sha256 === undefined || !SHA256_HEX.test(sha256)) {
        out.push(ref);
        continue;
      }
      const row = await markReferenced(this.db, sha256);
      const file = row && (await this.store.has(sha256)) ? toFile(row) : null;
      if (file) out.push({ ...r, sha256, size: file.size, contentType: file.contentType });
      else if (!this.config.evidenceRequireUpload) out.push({ ...r, sha256 });
      else
        throw evidenceErrors.fileMissing(
          `${field}[${i}].sha256`,
          typeof r?.name === 'string' ? r.name : sha256,
        );
    }
    return out as T;
  }
}
