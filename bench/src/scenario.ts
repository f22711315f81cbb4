import type { PeerKind } from './harness/peers';
import type { ScenarioResult } from './results';

export interface ScenarioContext {
  /** Smaller sizes and fewer peers, so the whole suite runs in under two minutes. */
  readonly quick: boolean;
  /** The peers to compare against (Accord is always run). */
  readonly peers: readonly PeerKind[];
  log(message: string): void;
}

export type ScenarioOutcome = Omit<ScenarioResult, 'id' | 'title' | 'seconds'>;

export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}
