import type { Command } from './command';
import { convertCommand } from './convert';
import { diffCommand } from './diff';
import { parseCommand } from './parse';

export type { Command } from './command';

/** Every command, in the order `accord --help` lists them. A new command is one file and one line here. */
export const COMMANDS: readonly Command[] = [parseCommand, convertCommand, diffCommand];
