import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDemoFixture } from '../demo/seed-demo';
import { ApiError } from '../http/api-error';
import { createFormatReader, type FormatReader } from './format-reader';

const fixture = readFileSync(findDemoFixture(), 'utf8');

/** Markdown inside every limit of the format package that still costs micromark seconds. */
const SLOW_MARKDOWN = Array.from({ length: 20_000 }, (_, i) => `- item ${i}`).join('\n');

const counter = (prefix: string) => {
  let n = 0;
  return () => `${prefix}${++n}`;
};

const readers: FormatReader[] = [];
function reader(options: Parameters<typeof createFormatReader>[0] = {}): FormatReader {
  const made = createFormatReader(options);
  readers.push(made);
  return made;
}
let sharedReader: FormatReader | null = null;
/** One reader for the tests that need no options of their own: each new pool loads its worker afresh. */
function shared(): FormatReader {
  sharedReader ??= reader();
  return sharedReader;
}
afterAll(async () => {
  await Promise.all(readers.map((made) => made.close()));
});

describe('the format reader', () => {
  it('reads the Council fixture in a worker and gives its blocks and footnotes the server’s ids', async () => {
    const read = await shared().readMarkdown(fixture, counter('id-'));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.metadata.number).toBe('9916/17');
    expect(read.value.blocks.length).toBeGreaterThan(20);
    expect(read.value.blocks.every((block) => block.id.startsWith('id-'))).toBe(true);
    const blockIds = new Set(read.value.blocks.map((block) => block.id));
    expect(read.value.footnotes.length).toBeGreaterThan(0);
    for (const footnote of read.value.footnotes) {
      expect(footnote.id).toMatch(/^id-/);
      expect(blockIds.has(footnote.blockId)).toBe(true);
    }
  });

  it('reports what the parser refuses as a value, with its line', async () => {
    const read = await shared().readMarkdown('# Title\n\n1. One.\u0000\n', counter('x'));
    expect(read).toMatchObject({ ok: false, error: { code: 'binary', line: 3 } });
  });

  it('gives up on a text not read within its time limit, and reads the next one', async () => {
    // The limit follows this machine's speed: five times what a fresh worker takes to start and read
    // the short text, its first and so coldest parse (2.5 s on a loaded CI machine, where the long
    // list took 130 s: a ratio of about fifty holds on any machine).
    const short = '# Title\n\n1. One.\n';
    const started = performance.now();
    await reader({ threads: 1 }).readMarkdown(short, counter('p'));
    const timeLimitMs = Math.ceil((performance.now() - started) * 5);
    const limited = reader({ timeLimitMs, threads: 1 });
    const slow = await limited.readMarkdown(SLOW_MARKDOWN, counter('x'));
    expect(slow).toMatchObject({
      ok: false,
      error: { code: 'too-complex', message: `not read within ${timeLimitMs / 1000} s: too complex to read` },
    });
    // The worker that was stopped is replaced; starting it does not count against the next text.
    const next = await limited.readMarkdown(short, counter('y'));
    expect(next).toMatchObject({ ok: true, value: { blocks: [{ text: 'Title' }, { text: 'One.' }] } });
  });

  it('answers 503 busy once as many texts wait as its queue holds', async () => {
    const small = reader({ threads: 1, queueLimit: 1 });
    await small.readMarkdown('# Warm\n', counter('w'));
    const running = small.readMarkdown('# A\n', counter('a'));
    const waiting = small.readMarkdown('# B\n', counter('b'));
    await expect(small.readMarkdown('# T\n', counter('c'))).rejects.toMatchObject(
      new ApiError(503, 'busy', 'the server is reading too many files at once; try again shortly'),
    );
    expect((await running).ok).toBe(true);
    expect((await waiting).ok).toBe(true);
  });

  it('compares two Markdown texts, naming the side it cannot read', async () => {
    const compared = await shared().compareMarkdown('# T\n\n1. Alpha.\n', '# T\n\n1. Alpha beta.\n');
    if (!compared.ok) throw new Error(compared.error.message);
    expect(compared.value.summary).toMatchObject({ modified: 1 });
    const refused = await shared().compareMarkdown('# T\n', '# T\n\n1. One.\u0000\n');
    expect(refused).toMatchObject({ ok: false, error: { side: 'new', code: 'binary', line: 3 } });
  });

  it('builds its worker bundle first where none has been built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-format-worker-'));
    try {
      const bundle = join(dir, 'dist', 'format-worker.mjs');
      const fresh = reader({ bundle });
      const read = await fresh.readMarkdown('# Title\n\n1. One.\n', counter('z'));
      expect(read).toMatchObject({ ok: true, value: { blocks: [{ text: 'Title' }, { text: 'One.' }] } });
      expect(existsSync(bundle)).toBe(true);
      await fresh.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
