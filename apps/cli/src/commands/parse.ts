import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { readDocumentFile } from '../document-files';
import type { Command } from './command';

export const parseCommand: Command = {
  name: 'parse',
  usage: 'FILE.md|FILE.docx|FILE.html|-',
  summary: 'print the document as JSON: metadata, blocks, footnotes (- reads stdin)',
  async run(args, io) {
    const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
    const [file, ...extra] = positionals;
    if (file === undefined) throw new CliError('accord parse: which file? (accord parse FILE.md)');
    if (extra.length > 0)
      throw new CliError(`accord parse: one file at a time (also got ${extra.join(' ')})`);
    const { metadata, blocks, footnotes } = await readDocumentFile(file, io);
    io.stdout.write(`${JSON.stringify({ metadata, blocks, footnotes }, null, 2)}\n`);
  },
};
