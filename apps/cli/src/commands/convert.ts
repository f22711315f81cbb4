import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { readDocumentFile, refuseOverwriting, requireFormat, writeDocumentFile } from '../document-files';
import type { Command } from './command';

export const convertCommand: Command = {
  name: 'convert',
  usage: 'IN OUT',
  summary: 'convert between .md, .docx and .html, by extension (IN - reads stdin)',
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
    if (positionals.length !== 2) {
      throw new CliError('accord convert: give an input and an output file (accord convert IN.md OUT.docx)');
    }
    const [input = '', output = ''] = positionals;
    // Checked before reading, so a typo in the output name costs no parse.
    requireFormat(output);
    refuseOverwriting('accord convert', output, [input]);
    await writeDocumentFile(output, await readDocumentFile(input, io));
  },
};
