import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type DocumentDiff,
  describeRedlineTitle,
  diffDocuments,
  INSERTION_STYLES,
  type InsertionStyle,
  readInsertionStyle,
  renderRedlineDocx,
  renderRedlineHtml,
  renderRedlineText,
} from '@accord/diff';
import {
  type CouncilDocument,
  type DocumentNumber,
  isSameDocument,
  parseDocumentNumber,
  parseTimestamp,
  readRevisionNumber,
} from '@accord/model';
import { CliError } from '../cli-error';
import { readDocumentFile, refuseOverwriting, STDIN, writeWholeFile } from '../document-files';
import type { Command } from './command';

export const DIFF_OUTPUTS = ['json', 'html', 'docx', 'text'] as const;
export type DiffOutput = (typeof DIFF_OUTPUTS)[number];

const OUTPUT_OF_EXTENSION: Readonly<Record<string, DiffOutput>> = {
  json: 'json',
  html: 'html',
  htm: 'html',
  docx: 'docx',
  txt: 'text',
};

const USAGE =
  'OLD NEW [--format json|html|docx|text] [--out FILE] [--date ISO] [--insertions bold-underline|bold]';

/**
 * `accord diff OLD NEW`: the redline of two files (.md, .docx or .html). Blocks are paired by text, as
 * the ids of two separately parsed files mean nothing. Output: text (wdiff style, the default), JSON
 * (the diff as @accord/diff computes it), an HTML page, or a Word document with tracked changes (needs
 * --out; its changes are dated --date, by default now). Without --format, --out's extension decides.
 * --insertions bold marks insertions in the HTML and Word redlines in bold alone, as some Presidencies
 * do (bold underline by default). OLD a later revision of NEW's document, the redline goes back and
 * says so ("Changes from 9916/2/17 REV 2 back to 9916/17"), as the server's do.
 * Either file may be `-`, stdin. Exit 0 whether or not the files differ; 2 for bad input.
 */
export const diffCommand: Command = {
  name: 'diff',
  usage: USAGE,
  summary: 'the redline of two versions, paired by text (either may be -, stdin)',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        date: { type: 'string' },
        insertions: { type: 'string' },
      },
    });
    if (positionals.length !== 2) {
      throw new CliError(`accord diff: give the old and the new file (accord diff ${USAGE})`);
    }
    const [oldPath = '', newPath = ''] = positionals;
    if (oldPath === STDIN && newPath === STDIN) {
      throw new CliError('accord diff: stdin (-) can be only one of the two files');
    }
    const output = chooseOutput(values.format, values.out);
    if (values.out !== undefined) refuseOverwriting('accord diff', values.out, [oldPath, newPath]);
    if (output === 'docx' && values.out === undefined) {
      throw new CliError('accord diff: a Word redline is a file: give --out FILE.docx');
    }
    const date = readDate(values.date);
    const insertions = readInsertions(values.insertions);

    const before = await readDocumentFile(oldPath, io);
    const after = await readDocumentFile(newPath, io);
    const diff = diffDocuments(before, after, { align: 'text' });
    const [fromLabel, toLabel] = chooseLabels(before, after, oldPath, newPath);
    const backwards = comparesBackwards(before, after);
    const title = describeRedlineTitle({ fromLabel, toLabel, backwards });

    let content: string | Uint8Array;
    switch (output) {
      case 'json':
        content = `${JSON.stringify(describeJson(diff, oldPath, newPath), null, 2)}\n`;
        break;
      case 'html':
        content = renderRedlineHtml(diff, { title, fromLabel, toLabel, backwards, insertions });
        break;
      case 'docx':
        content = await renderRedlineDocx(diff, { title, fromLabel, toLabel, backwards, date, insertions });
        break;
      case 'text': {
        const tty = values.out === undefined && (io.stdout as { isTTY?: boolean }).isTTY === true;
        const color = tty && !process.env.NO_COLOR;
        content = renderRedlineText(diff, { fromLabel, toLabel, backwards, color });
        if (!content.endsWith('\n')) content += '\n';
        break;
      }
    }
    if (values.out === undefined) io.stdout.write(content as string);
    else await writeWholeFile(values.out, content);
  },
};

function chooseOutput(format: string | undefined, out: string | undefined): DiffOutput {
  if (format !== undefined) {
    if (!(DIFF_OUTPUTS as readonly string[]).includes(format)) {
      throw new CliError(`accord diff: --format must be one of ${DIFF_OUTPUTS.join(', ')} (got "${format}")`);
    }
    return format as DiffOutput;
  }
  if (out === undefined) return 'text';
  const extension = /\.([^./\\]+)$/.exec(out)?.[1]?.toLowerCase();
  const output = extension === undefined ? undefined : OUTPUT_OF_EXTENSION[extension];
  // A redline written as wdiff text into "r.pdf" or "r.md" is not what was asked for: say so.
  if (output === undefined) {
    const known = Object.keys(OUTPUT_OF_EXTENSION)
      .map((e) => `.${e}`)
      .join(', ');
    throw new CliError(`accord diff: --out must end in ${known}, or give --format (got "${out}")`);
  }
  return output;
}

/** The redline's date: --date as given (ISO 8601 with an offset), or now. The clock is read here, at the edge. */
function readDate(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString();
  const parsed = parseTimestamp(value);
  if (!parsed.ok) throw new CliError(`accord diff: --date: ${parsed.error.message}`);
  return parsed.value;
}

function readInsertions(value: string | undefined): InsertionStyle {
  const style = readInsertionStyle(value);
  if (style === null) {
    throw new CliError(
      `accord diff: --insertions must be one of ${INSERTION_STYLES.join(', ')} (got "${value}")`,
    );
  }
  return style;
}

/** The documents' own numbers when both have one and they differ ("7923/1/17 REV 1"), else the file names. */
function chooseLabels(
  before: CouncilDocument,
  after: CouncilDocument,
  oldPath: string,
  newPath: string,
): [string, string] {
  const from = before.metadata.number;
  const to = after.metadata.number;
  if (from && to && from !== to) return [from, to];
  return [nameOf(oldPath), nameOf(newPath)];
}

function nameOf(path: string): string {
  return path === STDIN ? 'stdin' : basename(path);
}

/**
 * Whether OLD is a later revision of NEW's document ("9916/2/17 REV 2" against "9916/17"): what OLD
 * added is then struck through, and the redline's cover must say it goes back. Files whose numbers
 * name different register entries, or that have none, are compared as given, forwards.
 */
function comparesBackwards(before: CouncilDocument, after: CouncilDocument): boolean {
  const from = readNumber(before.metadata.number);
  const to = readNumber(after.metadata.number);
  if (from === null || to === null || !isSameDocument(from, to)) return false;
  return readRevisionNumber(from) > readRevisionNumber(to);
}

function readNumber(written: string | null): DocumentNumber | null {
  if (written === null) return null;
  const parsed = parseDocumentNumber(written);
  return parsed.ok ? parsed.value : null;
}

function describeJson(diff: DocumentDiff, oldPath: string, newPath: string) {
  return { from: oldPath, to: newPath, ...diff };
}
