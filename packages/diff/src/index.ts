export * from './align';
export * from './document-diff';
export * from './word-diff';
