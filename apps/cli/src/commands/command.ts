import type { CliIo } from '../io';

/** One `accord <name> …` command. Each lives in its own file and is listed in commands/index.ts. */
export interface Command {
  readonly name: string;
  /** The arguments, as shown in the usage text: "FILE.md|FILE.docx". */
  readonly usage: string;
  readonly summary: string;
  /** Throws CliError for anything the user got wrong. */
  run(args: readonly string[], io: CliIo): Promise<void>;
}
