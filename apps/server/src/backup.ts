/**
 * `npm run backup -- FILE`: a consistent copy of the data directory's database, safe while the server
 * runs. One line on stdout saying what the copy holds, exit 0; else one line on stderr, exit 2.
 */
import { join, resolve } from 'node:path';
import { resolveDataDir } from './config';
import { describeFileError } from './startup-errors';
import { backupDatabase } from './store/sqlite/backup-database';
import { SQLITE_FILE_NAME } from './store/sqlite/open-sqlite-store';

const USAGE =
  'Usage: npm run backup -- FILE\n' +
  '  Copies the database in ACCORD_DATA_DIR (default ./data, in apps/server, as for npm start) to FILE,\n' +
  '  a new file, while the server runs or not. Restore: stop the server, put FILE as accord.sqlite in\n' +
  '  an empty data directory, start.\n';

function refuse(message: string): never {
  process.stderr.write(`accord: ${message}\n`);
  process.exit(2);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.length !== 1 || args[0] === '') refuse(`name one file to back up to\n${USAGE}`.trimEnd());
// npm runs this in apps/server; a relative FILE is where the operator typed the command.
const target = resolve(process.env.INIT_CWD ?? process.cwd(), args[0] as string);
const dataDir = resolveDataDir(process.env, process.cwd());
const source = join(dataDir, SQLITE_FILE_NAME);
let result: ReturnType<typeof backupDatabase>;
try {
  result = backupDatabase(source, target);
} catch (error) {
  refuse(`cannot back up ${source} to ${target}: ${describeFileError(error)}`);
}
if (!result.ok) {
  refuse(
    result.error.startsWith('there is no database')
      ? `there is no database in ${dataDir} (ACCORD_DATA_DIR): set it to the data directory the server uses`
      : result.error,
  );
}
const { documents, revisionsIssued, users, bytes } = result.value;
process.stdout.write(
  `accord: backed up ${source} to ${target}: ${plural(documents, 'document')}, ` +
    `${plural(revisionsIssued, 'revision')} issued, ${plural(users, 'user')}; ` +
    `integrity check ok (${(bytes / 1_048_576).toFixed(1)} MB)\n`,
);
