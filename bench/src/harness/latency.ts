import { SampleList } from './stats';

interface SentEdit {
  readonly at: number;
  readonly measured: boolean;
  arrivals: number;
}

/**
 * Edit → remote-visible latency over one clock: writers record when they sent each edit (keyed by the
 * Yjs client and clock of its first struct), receivers record when it arrived. Edits sent while
 * `measuring` is false are warm-up: delivered and counted, never sampled.
 */
export class LatencyRecorder {
  measuring = false;
  readonly samples = new SampleList();
  private readonly sent = new Map<number, Map<number, SentEdit>>();
  /** Measured (edit, receiver) pairs still to arrive. */
  private outstanding = 0;
  private waiter: (() => void) | null = null;
  measuredEdits = 0;
  unexpected = 0;

  /** @param receivers how many receivers each edit must reach */
  constructor(private receivers: number) {}

  setReceivers(receivers: number): void {
    this.receivers = receivers;
  }

  recordSent(client: number, clock: number, at: number): void {
    let byClock = this.sent.get(client);
    if (byClock === undefined) {
      byClock = new Map();
      this.sent.set(client, byClock);
    }
    byClock.set(clock, { at, measured: this.measuring, arrivals: 0 });
    if (this.measuring) {
      this.measuredEdits += 1;
      this.outstanding += this.receivers;
    }
  }

  /** Records the arrival of every edit whose first clock of `client` lies in [from, to). */
  readonly recordArrivalRange = (client: number, from: number, to: number, at: number): void => {
    const byClock = this.sent.get(client);
    if (byClock === undefined) {
      this.unexpected += 1;
      return;
    }
    for (let clock = from; clock < to; clock++) {
      const edit = byClock.get(clock);
      if (edit !== undefined) this.arrive(edit, at);
    }
  };

  readonly recordArrival = (client: number, clock: number, at: number): void => {
    const edit = this.sent.get(client)?.get(clock);
    if (edit === undefined) {
      this.unexpected += 1;
      return;
    }
    this.arrive(edit, at);
  };

  private arrive(edit: SentEdit, at: number): void {
    edit.arrivals += 1;
    if (!edit.measured) return;
    this.samples.push(at - edit.at);
    this.outstanding -= 1;
    if (this.outstanding === 0 && this.waiter !== null) this.waiter();
  }

  /** Resolves once every measured edit reached every receiver; rejects after `timeoutMs`. */
  whenAllArrived(timeoutMs: number): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(
          new Error(
            `${this.outstanding} of ${this.measuredEdits * this.receivers} (edit, receiver) deliveries missing after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = null;
        resolve();
      };
    });
  }

  /** Starts a new measured window (forgetting earlier samples). */
  reset(): void {
    this.samples.clear();
    this.sent.clear();
    this.outstanding = 0;
    this.measuredEdits = 0;
    this.unexpected = 0;
  }
}
