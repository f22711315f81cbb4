/**
 * `accord COMMAND ARGS…`: finds the command in COMMANDS and runs it. Whatever goes wrong ends as one
 * line on stderr, never a stack trace: exit 2 for the user's input (CliError, bad options), exit 1 for
 * a bug in accord.
 */
import packageJson from '../package.json' with { type: 'json' };
import { CliError, ExitCode } from './cli-error';
import { COMMANDS } from './commands';
import type { CliIo } from './io';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`accord: which command? (${COMMANDS.map((c) => c.name).join(', ')}; accord --help)\n`);
    return ExitCode.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`accord ${packageJson.version}\n`);
    return ExitCode.ok;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(formatUsage());
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const known = COMMANDS.map((c) => c.name).join(', ');
    io.stderr.write(`accord: unknown command "${name}" (commands: ${known})\n`);
    return ExitCode.usage;
  }
  // `accord diff --help`: that command's usage, before its own options are read.
  if (args.some((arg) => arg === '--help' || arg === '-h')) {
    io.stdout.write(
      `${wrapWords(`Usage: accord ${command.name} ${command.usage}`, '    ')}\n${wrapWords(`  ${command.summary}`, '  ')}\n`,
    );
    return ExitCode.ok;
  }
  try {
    await command.run(args, io);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${oneLine(error.message)}\n`);
      return ExitCode.usage;
    }
    if (isParseArgsError(error)) {
      const problem = describeParseArgsError(error);
      io.stderr.write(
        `accord ${command.name}: ${problem} (usage: accord ${command.name} ${command.usage})\n`,
      );
      return ExitCode.usage;
    }
    io.stderr.write(
      `accord: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`,
    );
    return ExitCode.bug;
  }
}

/** A terminal's width: the help reads without wrapping in an 80-column window. */
const USAGE_WIDTH = 80;

export function formatUsage(): string {
  const entries = COMMANDS.map(
    (c) =>
      `${wrapWords(`  accord ${c.name} ${c.usage}`, '      ')}\n${wrapWords(`    ${c.summary}`, '    ')}`,
  );
  return `Usage:\n${entries.join('\n')}\n  accord --version\n    print the version of accord\n`;
}

/** Breaks a line between words so none passes USAGE_WIDTH; the lines after the first take `indent`. */
function wrapWords(line: string, indent: string): string {
  const lead = /^ */.exec(line)?.[0] ?? '';
  const lines: string[] = [];
  let current = lead;
  for (const word of line.slice(lead.length).split(' ')) {
    const start = lines.length === 0 ? lead : indent;
    if (current !== start && current.length + 1 + word.length > USAGE_WIDTH) {
      lines.push(current);
      current = indent + word;
    } else {
      current = current === start ? start + word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

/**
 * Node's parseArgs errors in the CLI's words. An option given without its value ("--format" last, or
 * followed by another option) is not an unknown option: it names the option's long form.
 */
function describeParseArgsError(error: Error & { code?: unknown }): string {
  const quoted = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "Option '-f, --format <value>' argument missing", or "Option '-f' argument is ambiguous …
    // use '--format=-XYZ'": the long form, wherever Node names it.
    const option = /--[\w-]+/.exec(error.message)?.[0];
    return option === undefined ? oneLine(error.message) : `${option} needs a value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined)
    return `unknown option ${quoted}`;
  return oneLine(error.message);
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
