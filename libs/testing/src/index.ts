export * from './suite';
export * from './tcp-proxy.mjs';
export * from './platform';
export * from './jetstream';
export * from './factories';
export * from './migrations';
export * from './in-process';
export * from './users';
