export { CliError, ExitCode } from './cli-error';
export { COMMANDS, type Command } from './commands';
export type { CliIo } from './io';
export { formatUsage, runCli } from './main';
