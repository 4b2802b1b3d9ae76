export * from './user-facts.v1';
export * from './user-created.v1';
export * from './user-updated.v1';
export * from './user-deactivated.v1';
export * from './catalogue';
