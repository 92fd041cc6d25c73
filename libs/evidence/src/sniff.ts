import type { EvidenceContentType } from './evidence-types';

/** Random access to a file's bytes (a Buffer in tests, an open file in the service). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** End of central directory record: signature, and its fixed size (a comment of up to 65535 bytes follows). */
const EOCD_SIG = 0x06054b50;
const EOCD_SIZE = 22;
const CENTRAL_SIG = 0x02014b50;
const CENTRAL_SIZE = 46;

/** The entry names of a ZIP file, from its central directory; null when it is not a readable ZIP. */
export async function zipEntryNames(src: ByteSource): Promise<string[] | null> {
  const tailLength = Math.min(src.size, EOCD_SIZE + 0xffff);
  const tail = await src.read(src.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > src.size) return null;
  const cd = await src.read(cdOffset, cdSize);
  const names: string[] = [];
  let p = 0;
  while (p + CENTRAL_SIZE <= cd.length && cd.readUInt32LE(p) === CENTRAL_SIG) {
    const nameLength = cd.readUInt16LE(p + 28);
    const next = p + CENTRAL_SIZE + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    if (next > cd.length) return null;
    names.push(cd.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength).toString('utf8'));
    p = next;
  }
  return names;
}

const OOXML: readonly [string, EvidenceContentType][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

async function sniffOoxml(src: ByteSource): Promise<EvidenceContentType | null> {
  const names = await zipEntryNames(src);
  if (!names?.includes('[Content_Types].xml')) return null;
  return OOXML.find(([dir]) => names.some((n) => n.startsWith(dir)))?.[1] ?? null;
}

/** Directory entry names of the legacy Office formats (UTF-16LE, NUL-terminated in the compound file). */
const OLE2_STREAMS: readonly [Buffer, EvidenceContentType][] = [
  [Buffer.from('WordDocument\0', 'utf16le'), 'application/msword'],
  [Buffer.from('Workbook\0', 'utf16le'), 'application/vnd.ms-excel'],
  [Buffer.from('Book\0', 'utf16le'), 'application/vnd.ms-excel'],
  [Buffer.from('PowerPoint Document\0', 'utf16le'), 'application/vnd.ms-powerpoint'],
];
const CHUNK = 1024 * 1024;
const OVERLAP = 64;

/** A compound (OLE2) file is a doc, xls or ppt when its directory names the format's main stream. */
async function sniffOle2(src: ByteSource): Promise<EvidenceContentType | null> {
  for (let offset = 0; offset < src.size; offset += CHUNK) {
    const chunk = await src.read(offset, CHUNK + OVERLAP);
    for (const [name, type] of OLE2_STREAMS) {
      // A directory entry starts on a 128-byte boundary, and so does its name.
      for (let at = chunk.indexOf(name); at >= 0; at = chunk.indexOf(name, at + 1)) {
        if ((offset + at) % 128 === 0) return type;
      }
    }
  }
  return null;
}

/**
 * The content type a file's bytes show (magic numbers), or null when it is none of the accepted kinds. The name
 * and the declared type of an upload play no part: a text file called `报告.pdf` is refused.
 */
export async function sniffEvidenceType(src: ByteSource): Promise<EvidenceContentType | null> {
  const head = await src.read(0, 8);
  const starts = (magic: Buffer) =>
    head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
  if (starts(PDF)) return 'application/pdf';
  if (starts(PNG)) return 'image/png';
  if (starts(JPEG)) return 'image/jpeg';
  if (starts(ZIP)) return sniffOoxml(src);
  if (starts(OLE2)) return sniffOle2(src);
  return null;
}
