import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES } from './limits';
import { parseMarkdown } from './markdown-parse';
import { formatOfFileName, parseDocument } from './parse-document';
import { renderDocument } from './render-document';
import { COUNCIL_9916_17_MD, expectCouncil991617 } from './testing';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseDocument', () => {
  it.each(['council.md', 'council.docx', 'council.html'])('reads the fixture written as %s', async (name) => {
    const parsed = parseMarkdown(COUNCIL_9916_17_MD);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const format = formatOfFileName(name);
    if (!format.ok) throw new Error('unknown format');
    const result = await parseDocument(await renderDocument(parsed.value, format.value), name);
    expect(result).toEqual(parsed);
    if (result.ok) expectCouncil991617(result.value);
  });

  it.each([
    ['COUNCIL.MD', 'markdown'],
    ['notes.markdown', 'markdown'],
    ['a.b/c.DOCX', 'docx'],
    ['page.htm', 'html'],
  ])('knows %s by its extension', (name, format) => {
    expect(formatOfFileName(name)).toEqual({ ok: true, value: format });
  });

  it.each([
    ['council.doc', /\.doc files cannot be read or written \(save it as \.docx\)/],
    ['council.pdf', /\.pdf files cannot be read or written: use \.md, \.docx or \.html/],
    ['README', /a file without an extension/],
  ])('refuses %s as an unsupported format', async (name, message) => {
    const result = await parseDocument(encode('text'), name);
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported-format', message } });
  });

  it.each([
    ['an empty .md', new Uint8Array(), 'a.md', 'empty'],
    ['an empty .html', new Uint8Array(), 'a.html', 'empty'],
    ['binary garbage as .md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), 'a.md', 'binary'],
    ['Latin-1 text as .md', Uint8Array.from([0x43, 0x61, 0x66, 0xe9]), 'a.md', 'binary'],
    [
      'binary garbage as .html',
      Uint8Array.from({ length: 300 }, (_, i) => (i * 31) % 256),
      'a.html',
      'binary',
    ],
    ['Markdown renamed .docx', encode('1. text'), 'a.docx', 'not-docx'],
  ])('refuses %s with a clear error', async (_what, bytes, name, code) => {
    expect(await parseDocument(bytes, name)).toMatchObject({ ok: false, error: { code } });
  });

  it.each(['a.md', 'a.docx', 'a.html'])('refuses a 50 MB %s by its size', async (name) => {
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const result = await parseDocument(bytes, name);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it.each([
    ['a.docx', MAX_DOCUMENT_BYTES + 1],
    ['a.md', MAX_TEXT_BYTES + 1],
    ['a.html', MAX_TEXT_BYTES + 1],
  ])('refuses %s one byte over its limit', async (name, size) => {
    const bytes = new Uint8Array(size).fill(0x61);
    expect(await parseDocument(bytes, name)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});

describe('the encoding of a text file', () => {
  /** Bytes of a single-byte encoding, written as the characters of those byte values. */
  const bytesOf = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  const utf16le = (text: string) => {
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    return bytes;
  };
  const page = (head: string, body: string) =>
    `<html><head>${head}</head><body><p class=MsoNormal>1.&nbsp;&nbsp;${body}</p></body></html>`;

  it.each([
    [
      'a page saved from Word in Windows-1252, declared in http-equiv',
      bytesOf(
        page(
          '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">',
          'The caf\xe9 \x96 d\xe9j\xe0 vu.',
        ),
      ),
      'a.htm',
      'The café – déjà vu.',
    ],
    [
      'Greek in Windows-1253, declared in meta charset',
      bytesOf(page('<meta charset="windows-1253">', '\xe1\xe2\xe3')),
      'a.html',
      'αβγ',
    ],
    [
      'Bulgarian in Windows-1251, declared with single quotes',
      bytesOf(page("<meta charset='windows-1251'>", '\xc1\xfa\xeb\xe3\xe0\xf0\xe8\xff')),
      'a.html',
      'България',
    ],
    [
      'a page saved as Unicode (UTF-16 with its byte-order mark)',
      utf16le(page('', 'Ελλάδα 🇪🇺')),
      'a.htm',
      'Ελλάδα 🇪🇺',
    ],
    ['Markdown saved as Unicode (UTF-16 with its byte-order mark)', utf16le('1. Ελλάδα\n'), 'a.md', 'Ελλάδα'],
  ])('reads %s', async (_what, bytes, name, text) => {
    const result = await parseDocument(bytes, name);
    expect(result.ok && result.value.blocks[0]?.text).toBe(text);
  });

  it.each([
    ['Latin-1 HTML that declares no encoding', bytesOf(page('', 'caf\xe9')), 'a.html'],
    ['Latin-1 Markdown, which has no way to declare one', bytesOf('1. caf\xe9\n'), 'a.md'],
    [
      'HTML declaring an encoding nobody knows',
      bytesOf(page('<meta charset="klingon">', 'caf\xe9')),
      'a.html',
    ],
    ['UTF-16 text holding a NUL character', utf16le('1. a\0b\n'), 'a.md'],
  ])('refuses %s as not text', async (_what, bytes, name) => {
    expect(await parseDocument(bytes, name)).toMatchObject({ ok: false, error: { code: 'binary' } });
  });
});
