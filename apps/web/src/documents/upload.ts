/** The files the server reads as Council documents: Word (.docx), Markdown (.md) and HTML (.html). */
export const UPLOAD_ACCEPT =
  '.docx,.md,.markdown,.html,.htm,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/html';
