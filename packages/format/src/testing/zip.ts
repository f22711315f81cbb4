/**
 * Writes a small zip archive with stored (uncompressed) or deflated entries, so tests can build damaged
 * and hostile .docx files byte by byte: a zip without a Word part, a part that claims a huge size, a
 * zip bomb that claims a small one, broken XML.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** What both headers claim the entry unpacks to (default: its real size). */
  readonly claimedSize?: number;
  /** Deflate the data (method 8) instead of storing it. */
  readonly deflate?: boolean;
}

export function createStoredZip(entries: readonly ZipEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const raw = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    const crc = crc32(raw);
    const data = entry.deflate ? deflateRawSync(raw, { level: 9 }) : raw;
    const method = entry.deflate ? 8 : 0;
    const local = new Uint8Array(30 + name.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, entry.claimedSize ?? raw.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(data, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, entry.claimedSize ?? raw.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    directory.push(central);
    offset += local.length;
  }
  const directorySize = directory.reduce((n, d) => n + d.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...directory, end]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The parts a hand-made document may add beside `word/document.xml`, linked from its relationships. */
export interface DocxParts {
  readonly numbering?: string;
  readonly styles?: string;
  readonly comments?: string;
}

/** The three parts a .docx needs, around the given document.xml body, and the `parts` given. */
export function createMinimalDocx(documentXml: string, parts: DocxParts = {}): Uint8Array {
  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const linked = [
    ...(parts.numbering === undefined
      ? []
      : [{ type: 'numbering', name: 'numbering.xml', data: parts.numbering }]),
    ...(parts.styles === undefined ? [] : [{ type: 'styles', name: 'styles.xml', data: parts.styles }]),
    ...(parts.comments === undefined
      ? []
      : [{ type: 'comments', name: 'comments.xml', data: parts.comments }]),
  ];
  return createStoredZip([
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `${relationship('rId1', 'officeDocument', 'word/document.xml')}</Relationships>`,
    },
    ...(linked.length === 0
      ? []
      : [
          {
            name: 'word/_rels/document.xml.rels',
            data:
              '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
              `${linked.map((part, i) => relationship(`rId${i + 2}`, part.type, part.name)).join('')}</Relationships>`,
          },
        ]),
    { name: 'word/document.xml', data: documentXml },
    ...linked.map((part) => ({ name: `word/${part.name}`, data: part.data })),
  ]);
}

export const WORD_NAMESPACE = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
