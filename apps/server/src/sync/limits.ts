/** Tunables of the sync endpoint. Each can be overridden through `SyncOptions` (tests use small values). */

/** Larger frames close the connection with 1009; `ws` enforces it before buffering the whole frame. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Token bucket per connection: a burst of this many messages… */
export const RATE_LIMIT_BURST_MESSAGES = 2_000;
/** …refilled at this rate. Typing plus caret moves stays far below it; a flood closes with 1008. */
export const RATE_LIMIT_MESSAGES_PER_SECOND = 1_000;

/** And a byte budget per connection: a burst of this many bytes… */
export const RATE_LIMIT_BURST_BYTES = 32 * 1024 * 1024;
/** …refilled at this rate, so nobody can make the server apply 8 MiB updates in a loop. */
export const RATE_LIMIT_BYTES_PER_SECOND = 4 * 1024 * 1024;

/**
 * Updates of one connection waiting for what they build on (an update lost on the way, resent by the
 * client's next SyncStep2) may hold this much; beyond it the connection is closed (1008).
 */
export const MAX_WAITING_BYTES = 8 * 1024 * 1024;
/** …and at most this many updates (a fast typist's edits while a large SyncStep2 is on its way). */
export const MAX_WAITING_UPDATES = 1_000;
/**
 * An update may wait on at most this many clients' structs (an edit that overtook the one it builds on
 * waits on one or two): every later change in the document checks whether they have arrived.
 */
export const MAX_WAITING_CLIENTS = 64;

/**
 * Entries in one awareness message. The stock client re-sends every state it learns of, so a message
 * may carry one per participant; more than this is no meeting (the connection is closed, 1007).
 */
export const MAX_AWARENESS_ENTRIES = 10_000;

/**
 * Awareness (carets, selections, who is here) is relayed at most once per this interval per document:
 * the first change after a quiet spell goes at once, changes within the interval are merged (the
 * latest state of each client) into one message. A hundred users moving their carets ten times a
 * second otherwise cost a hundred thousand messages a second; merged, two thousand.
 */
export const AWARENESS_BATCH_MS = 50;

/**
 * Document updates go to each connection at most once per this interval per document: the first edit
 * after a quiet spell goes at once (a typist's keystrokes, 20 ms or more apart, are never held), edits
 * within the interval are merged into one message. Only a document edited more than a hundred times a
 * second is affected: its readers get a hundred messages a second instead of one per edit, which a
 * browser (repainting at most 60 times a second) could not have shown anyway, and 300 readers cost the
 * server 30,000 sends a second instead of 300 per edit.
 */
export const RELAY_MIN_INTERVAL_MS = 10;

/** An awareness state (a user's cursor and selection) larger than this closes the connection (1009). */
export const MAX_AWARENESS_STATE_BYTES = 64 * 1024;

/** A connection whose unsent data exceeds this is closed (1013) instead of buffering without bound. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** After this many logged updates since its last snapshot, a document's log prefix becomes a snapshot. */
export const SNAPSHOT_AFTER_UPDATES = 1_000;

/**
 * A document encoded whole (what a client with nothing yet is sent) is kept this long, or until the
 * document changes: a reconnect storm asks for it from hundreds of sockets at once, and a document just
 * loaded has it already, as its stored snapshot.
 */
export const FULL_STATE_CACHE_MS = 1_000;

/** A document with no connection for this long is saved, destroyed and unloaded. */
export const IDLE_UNLOAD_MS = 30_000;

/** Dead sockets are found by pinging every connection this often. */
export const PING_INTERVAL_MS = 30_000;

/**
 * Group commit: commits start at least this far apart, so that updates arriving close together share
 * one fsync (at most 200 commits a second); the first update after a quiet spell is committed after
 * `QUIET_COMMIT_DELAY_MS` (at the end of its turn).
 * Measured on the 2-core machine: committing on every turn of the event loop made each edit its own
 * commit (about 0.3 ms of blocked loop and 0.1 ms of CPU each, with the fsync inline), so at 500
 * edits/s the loop stalled 15 % of the time and edit→remote p50 rose from 3 ms to 20 ms. With the WAL
 * synced off the loop (walSync 'background'), 5 ms against 10 ms at 500 edits/s: edit→ack p50 7.2-8.3 ms
 * → 4.1-4.7 ms, p99 20.8-25.3 ms → 12.1-20.2 ms, CPU persisting 2.7-3.0 % → 3.6-4.4 % of a core.
 * Relaying never waits for commits; only acks do.
 */
export const GROUP_COMMIT_WINDOW_MS = 5;

/**
 * The wait before committing the first update after a quiet spell: none, it is committed at the end
 * of the turn that relayed it. On the 2-core bench VM every wake-up of the server costs about 150 µs of
 * its core, and a lone typist's edit already wakes it three times (the edit, the thread pool's
 * `fdatasync`, its completion); a timer for the commit was a fourth. 2 ms had been chosen for S1's tail
 * (a commit right after a burst of sends seemed to delay the last receivers); five interleaved S1 runs
 * each on 30 November, 2 ms against 0: server CPU per edit at 30 receivers 1,563-1,892 µs against
 * 1,354-1,809 µs (medians 1,735 and 1,417), at 100 receivers 2,231-2,459 against 1,920-2,350, with no
 * worse a tail (p99 at 30 receivers 3.24-5.18 ms against 3.30-4.59 ms); the durable ack comes 2 ms
 * sooner. Those runs had the server on the load generator's core (bench/findings.md); again with a
 * core each, three pairs at 30 and 100 receivers: CPU per edit and p99 within the noise either way.
 */
export const QUIET_COMMIT_DELAY_MS = 0;

/** A queue this long is committed at once, window or not. */
export const MAX_COMMIT_BATCH_UPDATES = 2_000;

/** When a commit fails (disk full, I/O error) the batch is retried after this delay. */
export const COMMIT_RETRY_MS = 1_000;
