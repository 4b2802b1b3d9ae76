// The leads service's contracts added with issue 3; libs/contracts/src/index.ts re-exports this file.
export * from './lead-queries.v1';
export * from './update-lead.v1';
export * from './change-lead-status.v1';
export * from './convert-lead.v1';
export * from './lead-assignment.v1';
export * from './lead-status-changed.v1';
export * from './lead-assigned.v1';
export * from './lead-updated.v1';
export * from './marketing-event.v1';
export * from './lead-import.v1';
export * from './catalogue';
