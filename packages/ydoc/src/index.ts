export * from './block-ids';
export * from './layout';
