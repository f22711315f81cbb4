/** The files the server reads as Council documents: Word (.docx) and Markdown (.md). */
export const UPLOAD_ACCEPT =
  '.docx,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown';
