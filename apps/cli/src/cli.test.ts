import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCouncil991617 } from '@accord/format/testing';
import type { CouncilDocument } from '@accord/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './main';
import { expectOneLineError, FIXTURE, ROOT, runInProcess, SPAWN_TIMEOUT_MS, spawnAccord } from './testing';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('accord (the real bin)', () => {
  it(
    'parse prints the fixture as JSON with its metadata, blocks and footnotes',
    async () => {
      const run = await spawnAccord(['parse', 'tests/fixtures/council-9916-17.md'], ROOT);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const doc = JSON.parse(run.stdout) as CouncilDocument;
      expect(Object.keys(doc)).toEqual(['metadata', 'blocks', 'footnotes']);
      expectCouncil991617(doc);
      expect(run.stdout).toMatch(/^\{\n {2}"metadata": \{\n/);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'convert to .docx and parse of that file keep every sentence and the structure',
    async () => {
      const docx = join(dir, 'council.docx');
      expect(await spawnAccord(['convert', FIXTURE, docx], ROOT)).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
      expect((await readFile(docx)).subarray(0, 2).toString()).toBe('PK');
      const run = await spawnAccord(['parse', docx], ROOT);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expectCouncil991617(JSON.parse(run.stdout) as CouncilDocument);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'reports a footnote cited but never defined as one line with file and line, exit 2',
    async () => {
      const file = join(dir, 'council.md');
      await writeFile(file, '1. First<sup>1</sup>.\n\n---\n\n<sup>1</sup> One.\n\n2. Second<sup>7</sup>.\n');
      expectOneLineError(
        await spawnAccord(['parse', 'council.md'], dir),
        'council.md:7: footnote 7 is cited but never defined',
      );
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'reports a usage error as one line, exit 2',
    async () => {
      expectOneLineError(
        await spawnAccord(['frobnicate'], dir),
        'accord: unknown command "frobnicate" (commands: parse, convert, diff)',
      );
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'is linked into the root node_modules/.bin, so npx accord works',
    async () => {
      const run = await spawnAccord(['--help'], ROOT, join(ROOT, 'node_modules/.bin/accord'));
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('accord parse FILE.md|FILE.docx|FILE.html');
      expect(run.stdout).toContain('accord convert IN OUT');
      // An 80-column terminal shows it without wrapping a line in the middle of a word.
      for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('accord and stdin (the real bin)', () => {
  it(
    'prints its version with --version or -v',
    async () => {
      const { version } = JSON.parse(await readFile(join(ROOT, 'apps/cli/package.json'), 'utf8')) as {
        version: string;
      };
      for (const flag of ['--version', '-v']) {
        expect(await spawnAccord([flag], ROOT)).toEqual({
          code: 0,
          stdout: `accord ${version}\n`,
          stderr: '',
        });
      }
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'reads a document from stdin given as -, Markdown or Word, as from the file',
    async () => {
      const fromFile = await spawnAccord(['parse', FIXTURE], ROOT);
      const markdown = await readFile(FIXTURE);
      expect(await spawnAccord(['parse', '-'], ROOT, undefined, markdown)).toEqual(fromFile);
      const docx = join(dir, 'stdin.docx');
      await spawnAccord(['convert', FIXTURE, docx], ROOT);
      const fromWord = await spawnAccord(['parse', '-'], ROOT, undefined, await readFile(docx));
      expect(fromWord).toMatchObject({ code: 0, stderr: '' });
      expectCouncil991617(JSON.parse(fromWord.stdout) as CouncilDocument);
      const converted = join(dir, 'from-stdin.html');
      expect(await spawnAccord(['convert', '-', converted], ROOT, undefined, markdown)).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
      expect((await spawnAccord(['parse', converted], ROOT)).stdout).toBe(fromFile.stdout);
      const piped = await spawnAccord(['convert', '-', '-', '--format', 'html'], ROOT, undefined, markdown);
      expect(piped).toMatchObject({ code: 0, stderr: '' });
      expect(piped.stdout).toMatch(/^<!DOCTYPE html>/);
      const changed = join(dir, 'changed.md');
      await writeFile(changed, markdown.toString().replace('The Council', 'The European Council'));
      const diff = await spawnAccord(['diff', '-', changed, '--format', 'text'], ROOT, undefined, markdown);
      expect(diff).toMatchObject({ code: 0, stderr: '' });
      expect(diff.stdout).toContain('The {+European+} Council');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'refuses stdin given twice, and an empty one, in one line',
    async () => {
      expectOneLineError(
        await spawnAccord(['diff', '-', '-'], ROOT),
        'accord diff: stdin (-) can be only one of the two files',
      );
      expectOneLineError(await spawnAccord(['parse', '-'], ROOT), 'stdin: the file is empty');
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('accord convert', () => {
  it.each(['md', 'docx', 'html'])('round-trips the fixture through .%s', async (extension) => {
    const out = join(dir, `round-trip.${extension}`);
    expect(await runInProcess(['convert', FIXTURE, out])).toEqual({ code: 0, stdout: '', stderr: '' });
    const run = await runInProcess(['parse', out]);
    expect(run.code).toBe(0);
    const original = await runInProcess(['parse', FIXTURE]);
    expect(run.stdout).toBe(original.stdout);
  });

  it('converts .docx to .md to .html and back without losing anything', async () => {
    const docx = join(dir, 'chain.docx');
    const md = join(dir, 'chain.md');
    const html = join(dir, 'chain.html');
    await runInProcess(['convert', FIXTURE, docx]);
    await runInProcess(['convert', docx, html]);
    await runInProcess(['convert', html, md]);
    expect((await runInProcess(['parse', md])).stdout).toBe((await runInProcess(['parse', FIXTURE])).stdout);
  });

  it("prints a command's usage for --help after the command, exit 0", async () => {
    for (const help of ['--help', '-h']) {
      const run = await runInProcess(['diff', help]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: accord diff OLD NEW \[--format json\|html\|docx\|text\]/);
      expect(run.stdout).toContain('the redline of two versions');
      for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('writes to stdout for an output of -, as Markdown or as --format says', async () => {
    const original = await runInProcess(['parse', FIXTURE]);
    for (const format of [undefined, 'md', 'html']) {
      const run = await runInProcess(['convert', FIXTURE, '-', ...(format ? ['--format', format] : [])]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const out = join(dir, `stdout.${format ?? 'md'}`);
      await writeFile(out, run.stdout);
      expect((await runInProcess(['parse', out])).stdout).toBe(original.stdout);
    }
  });

  it('writes a Word file to stdout only when stdout is not a terminal', async () => {
    const run = async (isTTY: boolean) => {
      const chunks: Uint8Array[] = [];
      let stderr = '';
      const code = await runCli(['convert', FIXTURE, '-', '--format', 'docx'], {
        stdout: {
          isTTY,
          write: (chunk: string | Uint8Array) => chunks.push(new Uint8Array(Buffer.from(chunk))),
        },
        stderr: { write: (text: string) => (stderr += text) },
      });
      return { code, stderr, bytes: Buffer.concat(chunks) };
    };
    const piped = await run(false);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    const docx = join(dir, 'stdout.docx');
    await writeFile(docx, piped.bytes);
    const original = await runInProcess(['parse', FIXTURE]);
    expect((await runInProcess(['parse', docx])).stdout).toBe(original.stdout);
    const terminal = await run(true);
    expect(terminal).toEqual({
      code: 2,
      bytes: Buffer.alloc(0),
      stderr:
        'accord convert: a Word file is binary and stdout is a terminal: redirect it (> OUT.docx), or give OUT.docx\n',
    });
  });

  it('leaves no file behind when the output cannot be written', async () => {
    const run = await runInProcess(['convert', FIXTURE, join(dir, 'missing-dir', 'out.docx')]);
    expectOneLineError(run, /missing-dir\/out\.docx: no such file or directory$/);
  });
});

describe('accord errors', () => {
  const write = async (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it.each<[string, () => Promise<string[]>, RegExp]>([
    ['no command', async () => [], /^accord: which command\? \(parse, convert, diff; accord --help\)$/],
    ['parse without a file', async () => ['parse'], /^accord parse: which file\?/],
    ['parse with two files', async () => ['parse', 'a.md', 'b.md'], /^accord parse: one file at a time/],
    [
      'an unknown option',
      async () => ['parse', '--verbose', 'a.md'],
      /^accord parse: unknown option --verbose \(usage: accord parse FILE\.md\|FILE\.docx\|FILE\.html\|-\)$/,
    ],
    [
      'convert with one file',
      async () => ['convert', 'a.md'],
      /^accord convert: give an input and an output file/,
    ],
    [
      'convert to stdout in a format it does not write',
      async () => ['convert', FIXTURE, '-', '--format', 'odt'],
      /^accord convert: --format must be md, html or docx \(got "odt"\)$/,
    ],
    [
      'convert to a file with --format',
      async () => ['convert', FIXTURE, join(dir, 'x.md'), '--format', 'html'],
      /^accord convert: --format is for an output of - \(stdout\); a file's extension gives its format$/,
    ],
    [
      'convert onto its own input',
      async () => {
        const input = await write('same.md', '1. First.\n');
        return ['convert', input, input];
      },
      /^accord convert: the output .*same\.md is an input file; give another name$/,
    ],
    ['a missing file', async () => ['parse', join(dir, 'nope.md')], /nope\.md: no such file or directory$/],
    [
      'a directory',
      async () => {
        await mkdir(join(dir, 'folder.md'), { recursive: true });
        return ['parse', join(dir, 'folder.md')];
      },
      /folder\.md: is a directory, not a file$/,
    ],
    [
      'a directory without an extension',
      async () => {
        await mkdir(join(dir, 'folder'), { recursive: true });
        return ['parse', join(dir, 'folder')];
      },
      /folder: is a directory, not a file$/,
    ],
    [
      'a missing file without an extension',
      async () => ['parse', join(dir, 'nope')],
      /nope: no such file or directory$/,
    ],
    [
      'an unsupported input',
      async () => ['parse', await write('x.pdf', '%PDF')],
      /x\.pdf: \.pdf files cannot be read or written: use \.md, \.docx or \.html$/,
    ],
    [
      'an unsupported output',
      async () => ['convert', FIXTURE, join(dir, 'x.odt')],
      /x\.odt: \.odt files cannot be read or written/,
    ],
    ['an empty file', async () => ['parse', await write('empty.md', '')], /empty\.md: the file is empty$/],
    [
      'binary garbage',
      async () => ['parse', await write('garbage.md', Uint8Array.from([0xff, 0, 0xfe, 1]))],
      /garbage\.md: the file is not text/,
    ],
    [
      'a .docx that is not a zip',
      async () => ['parse', await write('fake.docx', '1. hello')],
      /fake\.docx: the file is not a Word document: it is not a zip archive/,
    ],
    [
      'a truncated .docx',
      async () => {
        const whole = join(dir, 'whole.docx');
        await runInProcess(['convert', FIXTURE, whole]);
        return ['parse', await write('truncated.docx', (await readFile(whole)).subarray(0, 3000))];
      },
      /truncated\.docx: the Word document is damaged/,
    ],
    [
      'a 50 MB file',
      async () => {
        const path = join(dir, 'huge.md');
        await writeFile(path, '');
        await truncate(path, 50 * 1024 * 1024);
        return ['parse', path];
      },
      /huge\.md: the file is larger than \d+ bytes$/,
    ],
  ])('reports %s as one line on stderr, exit 2', async (_what, args, message) => {
    expectOneLineError(await runInProcess(await args()), message);
  });
});
