import { checkConvergence, type FullClient } from './full-client';
import { LatencyRecorder } from './latency';
import type { BenchDocument, PeerServer } from './peers';
import { type Summary, summarize } from './stats';
import type { SyncSocket } from './sync-socket';
import { openMany, runAtRate, sleep } from './timing';
import type { Writer } from './writer';

export const FULL_CLIENTS = 3;
const OPEN_CONCURRENCY = 50;
const DELIVERY_TIMEOUT_MS = 20_000;

/** One document on one server with its receivers, full clients and writers connected. */
export class LatencyRoom {
  readonly recorder: LatencyRecorder;

  private constructor(
    readonly peer: PeerServer,
    readonly doc: BenchDocument,
    readonly receivers: SyncSocket[],
    readonly fulls: FullClient[],
    readonly writers: Writer[],
    recorder: LatencyRecorder,
  ) {
    this.recorder = recorder;
  }

  /**
   * Connects `receivers` light receivers and three full clients, then `writers` writers (the first
   * sends the initial content where the server has none), and waits until the full clients hold it.
   */
  static async open(
    peer: PeerServer,
    options: { receivers: number; writers: number; doc?: BenchDocument },
  ): Promise<LatencyRoom> {
    const doc = options.doc ?? (await peer.createDocument());
    const recorder = new LatencyRecorder(options.receivers);
    const receivers = await openMany(options.receivers, OPEN_CONCURRENCY, (i) =>
      peer.openReceiver(
        doc,
        { onUpdateRange: recorder.recordArrivalRange },
        { token: peer.kind === 'accord' ? peer.delegateToken(i + 2) : undefined },
      ),
    );
    await Promise.all(receivers.map((r) => r.whenSynced));
    const fulls = Array.from({ length: FULL_CLIENTS }, () => peer.openFull(doc));
    await Promise.all(fulls.map((f) => f.whenSynced));
    const writers = await openMany(options.writers, OPEN_CONCURRENCY, (i) =>
      peer.openWriter(doc, i, { recorder }),
    );
    const room = new LatencyRoom(peer, doc, receivers, fulls, writers, recorder);
    await room.checkConverged();
    return room;
  }

  /** Connects `count` more writers. */
  async addWriters(count: number): Promise<void> {
    if (count <= 0) return;
    const first = this.writers.length;
    const added = await openMany(count, OPEN_CONCURRENCY, (i) =>
      this.peer.openWriter(this.doc, first + i, { recorder: this.recorder }),
    );
    this.writers.push(...added);
  }

  /** Waits until the edits sent so far reached the receivers (after an overloaded step). */
  async waitDelivered(timeoutMs = 30_000): Promise<void> {
    await this.recorder.whenAllArrived(timeoutMs).catch(() => {});
  }

  /** Fails loudly unless every full client holds every writer's edits and all agree. */
  checkConverged(): Promise<void> {
    return checkConvergence(this.fulls, this.writers);
  }

  /** Types `count` keystrokes at `perSecond` overall, round-robin over the writers, each in its own block. */
  type(count: number, perSecond: number): Promise<void> {
    const writers = this.writers;
    return runAtRate(count, perSecond, (i) => {
      const w = i % writers.length;
      (writers[w] as Writer).typeInto(w + 1);
    });
  }

  /** Types `edits` keystrokes at `perSecond` that are delivered but never sampled, and waits for them. */
  async warmUp(edits: number, perSecond: number, deliveryTimeoutMs = DELIVERY_TIMEOUT_MS): Promise<void> {
    this.recorder.reset();
    this.recorder.measuring = false;
    await this.type(edits, perSecond);
    await this.recorder.whenAllArrived(deliveryTimeoutMs);
  }

  /**
   * Warm-up (delivered, not sampled), then `edits` measured keystrokes at `perSecond`; returns the
   * latency over all (edit, receiver) pairs and the server's CPU per edit.
   */
  async measure(options: {
    warmup: number;
    edits: number;
    perSecond: number;
    deliveryTimeoutMs?: number;
  }): Promise<LatencyMeasurement> {
    this.recorder.reset();
    this.recorder.measuring = false;
    await this.type(options.warmup, options.perSecond);
    await sleep(200);
    this.recorder.reset();
    this.recorder.measuring = true;
    const cpuStart = this.peer.child.cpuSeconds();
    const wallStart = performance.now();
    await this.type(options.edits, options.perSecond);
    await this.recorder.whenAllArrived(options.deliveryTimeoutMs ?? DELIVERY_TIMEOUT_MS);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const cpuSeconds = this.peer.child.cpuSeconds() - cpuStart;
    this.recorder.measuring = false;
    return {
      latency: summarize(this.recorder.samples.values()),
      edits: this.recorder.measuredEdits,
      cpuMsPerEdit: (cpuSeconds * 1000) / this.recorder.measuredEdits,
      coreShare: cpuSeconds / wallSeconds,
    };
  }

  close(): void {
    for (const w of this.writers) w.close();
    for (const r of this.receivers) r.close();
    for (const f of this.fulls) f.destroy();
  }
}

export interface LatencyMeasurement {
  readonly latency: Summary;
  readonly edits: number;
  readonly cpuMsPerEdit: number;
  readonly coreShare: number;
}
