/**
 * What `main.ts` prints when the server cannot start because of where it was asked to run: the data
 * directory it cannot write, the port it cannot listen on. One line naming the setting to change, as
 * for a bad environment value, where Node's and SQLite's own messages ("listen EADDRINUSE: address
 * already in use 127.0.0.1:8080", "attempt to write a readonly database") name neither.
 */

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Why the data directory (or the SQLite file in it) cannot be used. */
export function describeDataDirError(error: unknown, dataDir: string): string {
  return `cannot use the data directory ${dataDir} (ACCORD_DATA_DIR): ${describeFileError(error)}`;
}

/** A file system's or SQLite's failure in words, for a file or directory the message names. */
export function describeFileError(error: unknown): string {
  const code = codeOf(error);
  let reason: string;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      reason = 'permission denied';
      break;
    case 'ENOENT':
      // A parent there that takes no child: procfs, sysfs, a dangling link.
      reason = 'no such file or directory, and it cannot be made there';
      break;
    case 'EROFS':
      reason = 'the file system is read-only';
      break;
    case 'ENOTDIR':
    case 'EEXIST':
      reason = 'it, or a part of its path, is a file, not a directory';
      break;
    case 'ENOSPC':
    case 'SQLITE_FULL':
      reason = 'no space left on the device';
      break;
    case 'SQLITE_CANTOPEN':
      reason = 'the database file cannot be opened';
      break;
    case 'ACCORD_LATER_SCHEMA': {
      const names = (error as { unknownMigrations?: readonly string[] }).unknownMigrations ?? [];
      reason =
        `its accord.sqlite was written by a later version of Accord (schema change${names.length === 1 ? '' : 's'} ${names.join(', ')}): ` +
        'run that version or a later one, or restore a backup made with this one';
      break;
    }
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      reason = `its accord.sqlite is not a database Accord can read (${messageOf(error)})`;
      break;
    default:
      reason = messageOf(error);
  }
  return reason;
}

/** The data directory is another running server's. */
export function describeDataDirTaken(dataDir: string): string {
  return (
    `another Accord server is already using the data directory ${dataDir}: ` +
    'stop it, or set ACCORD_DATA_DIR to another directory'
  );
}

/** Why the server cannot listen on HOST:PORT; null for an error that is no such problem. */
export function describeListenError(error: unknown, host: string, port: number): string | null {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: stop what listens there, or set PORT to another port`;
    case 'EACCES':
      return `this user may not listen on port ${port} (ports below 1024 need privileges): set PORT to another port`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, 0.0.0.0 for all)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `HOST ${host} is not a name or address this machine knows: set HOST to one of its addresses (127.0.0.1, 0.0.0.0 for all)`;
    default:
      return null;
  }
}
