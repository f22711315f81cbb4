import type { QmvRule, Result } from '@accord/model';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ApiFailure, api, type BlockComment, type ConsensusReport } from '../api/client';
import { applyConsensusChanges } from './apply-consensus-changes';
import { coalesceRefresh } from './coalesce-refresh';
import { readsAfter } from './event-reads';
import { keepUnchangedBlocks } from './keep-unchanged-blocks';
import { type DocumentEventType, useDocumentEvents } from './use-document-events';

export interface ConsensusState {
  readonly report: ConsensusReport | null;
  /** The comments this user may see, oldest first. */
  readonly comments: readonly BlockComment[];
  /** Whether `comments` were read yet: none read is not none made (a panel tells of new ones). */
  readonly commentsLoaded: boolean;
  readonly error: ApiFailure | null;
  /** Fetches the report and the comments again (after this user changed something). */
  readonly refresh: () => void;
}

/**
 * Where the document stands and what was said, kept current by the document's event stream. `onEvent`
 * hears every event of that stream too, so a screen needs no second one.
 */
export function useConsensus(
  documentId: string,
  rule: QmvRule = 'standard',
  onEvent?: (type: DocumentEventType, data: unknown) => void,
): ConsensusState {
  const [report, setReport] = useState<ConsensusReport | null>(null);
  const [comments, setComments] = useState<readonly BlockComment[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  const refreshers = useMemo(() => {
    const apply =
      <T>(set: (value: T) => void) =>
      (result: { ok: true; value: T } | { ok: false; error: ApiFailure }) => {
        if (result.ok) {
          set(result.value);
          setError(null);
        } else {
          setError(result.error);
        }
      };
    // The report as the server last described it (empty blocks and all), and its version: each
    // refresh asks only for what changed since, a block's entry where the whole report of a long
    // text is megabytes. Loads run one after another (`coalesceRefresh`), so each starts from the last.
    let held: { readonly report: ConsensusReport; readonly version: string } | null = null;
    const loadReport = async (): Promise<Result<ConsensusReport, ApiFailure>> => {
      const since = held;
      let answer = await api.getConsensusChanges(documentId, rule, since?.version ?? null);
      if (!answer.ok) return answer;
      let report = applyConsensusChanges(since?.report ?? null, answer.value);
      if (report === null) {
        answer = await api.getConsensusChanges(documentId, rule, null);
        if (!answer.ok) return answer;
        report = applyConsensusChanges(null, answer.value);
      }
      if (report === null) throw new Error('a full answer always makes a report');
      held = { report, version: answer.value.version };
      return { ok: true, value: report };
    };
    return {
      report: coalesceRefresh(
        loadReport,
        apply((report: ConsensusReport) =>
          setReport((previous) => keepUnchangedBlocks(previous, withoutEmptyBlocks(report))),
        ),
      ),
      comments: coalesceRefresh(() => api.listComments(documentId), apply(setComments)),
    };
  }, [documentId, rule]);

  useEffect(() => {
    // Resumed: React (StrictMode) runs the clean-up and the effect again on the same refreshers.
    refreshers.report.resume();
    refreshers.comments.resume();
    refreshers.report();
    refreshers.comments();
    return () => {
      refreshers.report.stop();
      refreshers.comments.stop();
    };
  }, [refreshers]);

  useDocumentEvents(documentId, (type, data) => {
    onEvent?.(type, data);
    const reads = readsAfter(type);
    if (reads.report) refreshers.report();
    if (reads.comments) refreshers.comments();
  });

  const refresh = useCallback(() => {
    refreshers.report();
    refreshers.comments();
  }, [refreshers]);

  return { report, comments: comments ?? NO_COMMENTS, commentsLoaded: comments !== null, error, refresh };
}

const NO_COMMENTS: readonly BlockComment[] = [];

/**
 * The report as the room shows it: an empty block (a stray Enter) has nothing to agree to, so no row on
 * the board and no status in its margin, which say it is empty instead.
 */
function withoutEmptyBlocks(report: ConsensusReport): ConsensusReport {
  return report.blocks.some((block) => block.empty)
    ? { ...report, blocks: report.blocks.filter((block) => !block.empty) }
    : report;
}
