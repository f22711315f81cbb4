import type { CouncilDocument } from '@accord/model';
import { createLiveDocumentReader, readDocument } from '@accord/ydoc';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/**
 * The live document as the model sees it (numbered blocks, plain text with brackets, numbered footnotes),
 * re-read at most once per frame however many updates arrive. Only the blocks a change touched are
 * read again (`createLiveDocumentReader`): the others, the header and the footnotes keep their objects.
 */
export function useLiveDocument(doc: Y.Doc): CouncilDocument {
  const [live, setLive] = useState(() => readDocument(doc));
  useEffect(() => {
    const reader = createLiveDocumentReader(doc);
    let frame = 0;
    const schedule = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setLive(reader.read());
      });
    };
    doc.on('update', schedule);
    schedule();
    return () => {
      doc.off('update', schedule);
      cancelAnimationFrame(frame);
      reader.destroy();
    };
  }, [doc]);
  return live;
}
