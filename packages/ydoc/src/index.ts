export * from './block-ids';
export * from './compact';
export * from './layout';
