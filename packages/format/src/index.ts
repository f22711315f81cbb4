export type { ParseOptions } from './document-assembler';
export { blockParagraphOptions, councilDocumentOptions, type NumberedList } from './docx-blocks';
export { type PackDocxOptions, packDocx } from './docx-pack';
export { parseDocx } from './docx-parse';
export { renderDocx } from './docx-render';
export {
  describeFormatError,
  FORMAT_ERROR_CODES,
  type FormatError,
  type FormatErrorCode,
} from './format-error';
export {
  type HeaderItem,
  type HeaderLayoutOptions,
  type HeaderLine,
  type HeaderRun,
  layoutHeader,
  type RecognisedHeader,
  recogniseHeader,
} from './header';
export { parseHtml } from './html-parse';
export { escapeHtml, renderHtml } from './html-render';
export { countLeftOut, type LeftOut, NOTHING_LEFT_OUT } from './left-out';
export {
  MAX_BLOCKS,
  MAX_DOCUMENT_BYTES,
  MAX_DOCX_ENTRIES,
  MAX_DOCX_UNZIPPED_BYTES,
  MAX_DOCX_XML_BYTES,
  MAX_FOOTNOTES,
  MAX_TEXT_BYTES,
} from './limits';
export { parseMarkdown } from './markdown-parse';
export { renderMarkdown } from './markdown-render';
export {
  DOCUMENT_FORMATS,
  type DocumentFormat,
  decodeText,
  formatOfFileName,
  parseDocument,
} from './parse-document';
export { renderDocument } from './render-document';
export { xmlText } from './xml-text';
