export * from './block-ids';
export * from './layout';
export * from './shrink';
