/**
 * The chair's "who has not spoken": the Member States without a current position on the paragraphs
 * still open to positions, in protocol order, so the Presidency asks them by name in the tour de table
 * instead of reading 27 columns of dots. Said in words above the board, so a screen reader hears it too.
 */
import { MEMBER_STATE_CODES, type MemberStateCode, nameDelegation } from '@accord/model';
import { Fragment, useId, useMemo } from 'react';
import type { ConsensusReport } from '../api/client';
import { describeHeardOnNone, listUnheardMemberStates } from './unspoken-blocks';

function Code({ code }: { readonly code: MemberStateCode }) {
  return <abbr title={nameDelegation(code)}>{code}</abbr>;
}

export function WhoHasNotSpoken({ report }: { readonly report: Pick<ConsensusReport, 'blocks'> }) {
  const titleId = useId();
  const unheard = useMemo(() => listUnheardMemberStates(report), [report]);
  const { paragraphs, onNone, onSome } = unheard;
  const heardOnNone = describeHeardOnNone(unheard);
  return (
    <section className="unheard" aria-labelledby={titleId}>
      <h3 id={titleId}>Who has not spoken on the current text</h3>
      {onNone.length === 0 && onSome.length === 0 ? (
        <p>
          {paragraphs === 0
            ? 'Nobody: a lapsed silence procedure covers every paragraph, or there is none.'
            : 'Nobody: every Member State has a position on every paragraph.'}
        </p>
      ) : (
        <>
          {onNone.length === MEMBER_STATE_CODES.length && <p>{heardOnNone}</p>}
          {onNone.length > 0 && onNone.length < MEMBER_STATE_CODES.length && (
            <p>
              {heardOnNone}{' '}
              {onNone.map((code, i) => (
                <Fragment key={code}>
                  {i > 0 && ', '}
                  <Code code={code} />
                </Fragment>
              ))}
            </p>
          )}
          {onSome.length > 0 && (
            <p>
              On some of them (how many still without a position):{' '}
              {onSome.map(({ delegation, paragraphs: count }, i) => (
                <Fragment key={delegation}>
                  {i > 0 && ', '}
                  <Code code={delegation} /> ({count})
                </Fragment>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}
