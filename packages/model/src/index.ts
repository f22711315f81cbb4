export * from './brackets';
export * from './delegations';
export * from './document';
export * from './document-number';
export * from './population';
export * from './result';
export * from './roles';
export * from './text-hash';
