/** Where a command writes. Streams in production; tests may pass their own. */
export interface CliIo {
  /** Text, or a Word file's bytes when it is not a terminal (`isTTY`). */
  readonly stdout: { write(chunk: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  /** The whole of stdin, for a file given as `-`; at most `limit` bytes and one more are read. */
  readonly readStdin?: (limit: number) => Promise<Uint8Array>;
}
