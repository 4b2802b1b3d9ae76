// What every context shares. Values: ids, money, roles. The envelope, its actor and how event and request
// contracts are declared, with the streams events travel on. Requests and answers every context uses: list
// queries and pages, get-by-id, problems. Validation helpers for contracts' own rules (dates, ISO 3166 regions).
export * from './ids';
export * from './money';
export * from './roles';
export * from './envelope';
export * from './event-contract';
export * from './streams';
export * from './list';
export * from './get-by-id';
export * from './problem';
export * from './validation';
export * from './dates';
export * from './regions';
export * from './origins';
export * from './input-example';
