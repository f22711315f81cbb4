/** Where a command writes. Streams in production; tests may pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The whole of stdin, for a file given as `-`; at most `limit` bytes and one more are read. */
  readonly readStdin?: (limit: number) => Promise<Uint8Array>;
}
