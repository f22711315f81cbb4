import type { CouncilDocument } from '@accord/model';
import { renderDocx } from './docx-render';
import { renderHtml } from './html-render';
import { renderMarkdown } from './markdown-render';
import type { DocumentFormat } from './parse-document';

/** The bytes of a file in `format`: UTF-8 text for Markdown and HTML, a zip archive for Word. */
export async function renderDocument(doc: CouncilDocument, format: DocumentFormat): Promise<Uint8Array> {
  switch (format) {
    case 'docx':
      return renderDocx(doc);
    case 'html':
      return new TextEncoder().encode(renderHtml(doc));
    case 'markdown':
      return new TextEncoder().encode(renderMarkdown(doc));
  }
}
