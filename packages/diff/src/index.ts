export * from './align';
export * from './document-diff';
export * from './redline-docx';
export * from './redline-footnote-calls';
export * from './redline-html';
export * from './redline-labels';
export * from './redline-text';
export * from './word-diff';
