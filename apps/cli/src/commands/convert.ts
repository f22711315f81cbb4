import { parseArgs } from 'node:util';
import { type DocumentFormat, formatOfFileName, renderDocument } from '@accord/format';
import { CliError } from '../cli-error';
import {
  readDocumentFile,
  refuseOverwriting,
  requireFormat,
  STDOUT,
  writeDocumentFile,
} from '../document-files';
import type { Command } from './command';

const USAGE = 'IN OUT [--format md|html|docx]';

/**
 * `accord convert IN OUT`: a document from one format into another, each by its extension. IN `-`
 * reads stdin; OUT `-` writes stdout, as Markdown or in --format. A Word file is binary: written to
 * stdout only when stdout is not a terminal.
 */
export const convertCommand: Command = {
  name: 'convert',
  usage: USAGE,
  summary:
    'convert between .md, .docx and .html, by extension (IN - reads stdin; OUT - writes stdout, as Markdown or --format)',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f' } },
    });
    if (positionals.length !== 2) {
      throw new CliError(`accord convert: give an input and an output file (accord convert ${USAGE})`);
    }
    const [input = '', output = ''] = positionals;
    if (output !== STDOUT) {
      if (values.format !== undefined) {
        throw new CliError(
          "accord convert: --format is for an output of - (stdout); a file's extension gives its format",
        );
      }
      // Checked before reading, so a typo in the output name costs no parse.
      requireFormat(output);
      refuseOverwriting('accord convert', output, [input]);
      await writeDocumentFile(output, await readDocumentFile(input, io));
      return;
    }
    const format = readStdoutFormat(values.format);
    if (format === 'docx' && io.stdout.isTTY === true) {
      throw new CliError(
        'accord convert: a Word file is binary and stdout is a terminal: redirect it (> OUT.docx), or give OUT.docx',
      );
    }
    const rendered = await renderDocument(await readDocumentFile(input, io), format);
    io.stdout.write(format === 'docx' ? rendered : new TextDecoder().decode(rendered));
  },
};

function readStdoutFormat(value: string | undefined): DocumentFormat {
  if (value === undefined) return 'markdown';
  const format = formatOfFileName(`${STDOUT}.${value}`);
  if (!format.ok) throw new CliError(`accord convert: --format must be md, html or docx (got "${value}")`);
  return format.value;
}
