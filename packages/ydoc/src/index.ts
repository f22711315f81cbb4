export * from './block-ids';
export * from './keep-block-attributes';
export * from './layout';
export * from './live-reader';
export * from './numbering-restarts';
export * from './rescue-joined-text';
export * from './shrink';
