// Every cross-service message, by the context that owns it; each context's index lists its values, views,
// events and requests. `registry` holds every event with its fixture.
import 'reflect-metadata';
export * from './common/index';
export * from './leads/index';
export * from './deals/index';
export * from './partners/index';
export * from './iam/index';
export * from './reporting/index';
export * from './registry';
