import type { Scenario } from '../scenario';
import { s1Latency } from './s1-latency';
import { s2BusyDocument } from './s2-busy-document';
import { s3DocumentsPerProcess } from './s3-documents-per-process';
import { s4Memory } from './s4-memory';
import { s5ColdLoad } from './s5-cold-load';
import { s6ReconnectStorm } from './s6-reconnect-storm';
import { s7Durability } from './s7-durability';
import { s8RevisionDiff } from './s8-revision-diff';
import { s9Positions } from './s9-positions';
import { s10Presence } from './s10-presence';

export const SCENARIOS: readonly Scenario[] = [
  s1Latency,
  s2BusyDocument,
  s3DocumentsPerProcess,
  s4Memory,
  s5ColdLoad,
  s6ReconnectStorm,
  s7Durability,
  s8RevisionDiff,
  s9Positions,
  s10Presence,
];
