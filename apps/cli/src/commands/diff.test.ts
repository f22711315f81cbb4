import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocx, parseMarkdown, renderDocx } from '@accord/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, FIXTURE, runInProcess, SPAWN_TIMEOUT_MS, spawnAccord } from '../testing';

let dir = '';
let oldMd = '';
let newMd = '';
let newDocx = '';
const fixture = await readFile(FIXTURE, 'utf8');
/** REV 2: one word inserted, a paragraph deleted. */
const edited = fixture
  .replace('The EU recalls its conclusions', 'The EU firmly recalls its conclusions')
  .replace(/\n6\. The EU calls on[^\n]*/, '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-diff-'));
  oldMd = join(dir, 'rev1.md');
  newMd = join(dir, 'rev2.md');
  newDocx = join(dir, 'rev2.docx');
  await writeFile(oldMd, fixture);
  await writeFile(newMd, edited);
  const parsed = parseMarkdown(edited);
  if (!parsed.ok) throw new Error(parsed.error.message);
  await writeFile(newDocx, await renderDocx(parsed.value));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('accord diff (the real bin)', () => {
  it(
    'prints a wdiff-style redline of two Markdown files',
    async () => {
      const run = await spawnAccord(['diff', 'rev1.md', 'rev2.md'], dir);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('Changes from rev1.md to rev2.md: 1 modified, 1 deleted');
      expect(lines.filter((line) => line.startsWith('~ '))).toEqual([
        expect.stringMatching(/^~\s+The EU ?\{\+ ?firmly ?\+\} ?recalls its conclusions/),
      ]);
      expect(lines.filter((line) => line.startsWith('- '))).toEqual([
        expect.stringMatching(/^- 6\.\s+\[-The EU calls on the Member States/),
      ]);
      expect(run.stdout).not.toContain('\u001b[');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'writes JSON pairing blocks by text across a .md and a .docx',
    async () => {
      const run = await spawnAccord(['diff', oldMd, newDocx, '--format', 'json'], dir);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const diff = JSON.parse(run.stdout) as {
        from: string;
        to: string;
        alignment: string;
        summary: Record<string, number>;
        blocks: { change: string; ops: { op: string; text: string }[] }[];
      };
      expect(diff).toMatchObject({ from: oldMd, to: newDocx, alignment: 'text' });
      expect(diff.summary).toMatchObject({ modified: 1, deleted: 1, inserted: 0, moved: 0 });
      const modified = diff.blocks.find((b) => b.change === 'modified');
      expect(modified?.ops.filter((op) => op.op !== 'equal').map((op) => op.text.trim())).toEqual(['firmly']);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'writes a Word redline dated --date that reads back as the new text',
    async () => {
      const out = join(dir, 'redline.docx');
      const run = await spawnAccord(
        [
          'diff',
          'rev1.md',
          'rev2.md',
          '--format',
          'docx',
          '--out',
          out,
          '--date',
          '2017-06-07T12:00:00+02:00',
        ],
        dir,
      );
      expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
      const parsed = await parseDocx(new Uint8Array(await readFile(out)), { trackedChanges: 'accept' });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const text = parsed.value.blocks.map((b) => b.text).join('\n');
      expect(text).toContain('The EU firmly recalls its conclusions');
      expect(text).not.toContain('The EU calls on the Member States');
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('accord diff', () => {
  it('takes the format from --out when --format is not given', async () => {
    const out = join(dir, 'redline.html');
    expect(await runInProcess(['diff', oldMd, newMd, '--out', out])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect([...html.matchAll(/<ins>([^<]*)<\/ins>/g)].map((m) => m[1]?.trim())).toEqual(['firmly']);
    expect(html).toContain('<del>The EU calls on the Member States');
  });

  it('marks insertions in bold alone with --insertions bold, and says so', async () => {
    const out = join(dir, 'bold.html');
    expect((await runInProcess(['diff', oldMd, newMd, '--out', out, '--insertions', 'bold'])).code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<article class="redline insertions-bold">');
    expect(html).toContain('marked in bold (insertions) and strikethrough (deletions)');
  });

  it('labels the versions with their document numbers when both have different ones', async () => {
    const renumbered = join(dir, 'rev-numbered.md');
    await writeFile(renumbered, edited.replace('**9916/17**', '**9916/1/17 REV 1**'));
    const run = await runInProcess(['diff', oldMd, renumbered]);
    expect(run.stdout.split('\n')[0]).toBe(
      'Changes from 9916/17 to 9916/1/17 REV 1: 1 modified, 1 deleted, 1 header field changed',
    );
  });

  it('says when the comparison goes back from a later revision of the document to an earlier one', async () => {
    const later = join(dir, 'rev-later.md');
    await writeFile(later, edited.replace('**9916/17**', '**9916/2/17 REV 2**'));
    const text = await runInProcess(['diff', later, oldMd]);
    expect(text.stdout.split('\n')[0]).toBe(
      'Changes from 9916/2/17 REV 2 back to 9916/17: 1 modified, 1 inserted, 1 header field changed',
    );
    const out = join(dir, 'back.html');
    expect((await runInProcess(['diff', later, oldMd, '--out', out])).code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('</span> back to <span class="to-label">9916/17</span>');
    expect(html).toContain('Changes compared to 9916/2/17 REV 2, a later version, are marked in');
  });

  it.each([
    ['another document', '**9916/17**', '**7923/2/17 REV 2**'],
    ['an addendum to it', '**9916/17**', '**9916/17 ADD 1**'],
  ])('compares forwards with the number of %s', async (_what, number, other) => {
    const file = join(dir, 'other-number.md');
    await writeFile(file, edited.replace(number, other));
    const run = await runInProcess(['diff', file, oldMd]);
    expect(run.stdout.split('\n')[0]).toMatch(/^Changes from \S+(?: \S+)* to 9916\/17: /);
    expect(run.stdout.split('\n')[0]).not.toContain('back to');
  });

  it('reports no changes for the same text', async () => {
    const run = await runInProcess(['diff', oldMd, oldMd, '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Changes from rev1.md to rev1.md: No changes');
  });

  it.each<[string, () => string[], RegExp]>([
    ['one file', () => ['diff', oldMd], /^accord diff: give the old and the new file/],
    ['three files', () => ['diff', oldMd, newMd, newMd], /^accord diff: give the old and the new file/],
    [
      'an unknown format',
      () => ['diff', oldMd, newMd, '--format', 'pdf'],
      /--format must be one of json, html, docx, text \(got "pdf"\)$/,
    ],
    [
      'a Word redline without --out',
      () => ['diff', oldMd, newMd, '--format', 'docx'],
      /give --out FILE\.docx$/,
    ],
    [
      'an unknown insertion style',
      () => ['diff', oldMd, newMd, '--insertions', 'italic'],
      /--insertions must be one of bold-underline, bold \(got "italic"\)$/,
    ],
    [
      'a date without an offset',
      () => ['diff', oldMd, newMd, '--date', '2017-06-07'],
      /^accord diff: --date: "2017-06-07" is not an ISO 8601 instant/,
    ],
    [
      'an option without its value',
      () => ['diff', oldMd, newMd, '--format'],
      /^accord diff: --format needs a value \(usage: accord diff OLD NEW/,
    ],
    [
      'an option followed by another instead of its value',
      () => ['diff', oldMd, newMd, '-f', '--out', 'r.html'],
      /^accord diff: --format needs a value \(usage: accord diff OLD NEW/,
    ],
    [
      'an unknown option',
      () => ['diff', oldMd, newMd, '--colour'],
      /^accord diff: unknown option --colour \(usage: accord diff OLD NEW/,
    ],
    [
      'an --out whose extension is no redline format',
      () => ['diff', oldMd, newMd, '--out', join(dir, 'r.pdf')],
      /--out must end in \.json, \.html, \.htm, \.docx, \.txt, or give --format \(got ".*r\.pdf"\)$/,
    ],
    [
      'an --out that is one of the files compared',
      () => ['diff', oldMd, newMd, '--out', newMd, '--format', 'text'],
      /^accord diff: the output .*\.md is an input file; give another name$/,
    ],
    ['a missing file', () => ['diff', oldMd, join(dir, 'nope.md')], /nope\.md: no such file or directory$/],
    [
      'an output directory that does not exist',
      () => ['diff', oldMd, newMd, '--out', join(dir, 'no', 'x.html')],
      /no\/x\.html: no such file or directory$/,
    ],
  ])('reports %s as one line, exit 2', async (_what, args, message) => {
    expectOneLineError(await runInProcess(args()), message);
  });

  it('reports a file that does not parse with its name and line, and writes nothing', async () => {
    const broken = join(dir, 'broken.md');
    await writeFile(broken, '1. First<sup>3</sup>.\n');
    const before = await readdir(dir);
    expectOneLineError(
      await runInProcess(['diff', oldMd, broken, '--out', join(dir, 'never.html')]),
      /broken\.md:1: footnote 3 is cited but never defined$/,
    );
    expect(await readdir(dir)).toEqual(before);
  });
});
