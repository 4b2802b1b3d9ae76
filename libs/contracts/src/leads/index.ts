// The leads service's messages, by what they are: the values they are made of, the views its answers show,
// the events it publishes (with their catalogue), and the requests it answers.

// Values
export * from './lead.values';
export * from './lead-assignment.values';
export * from './marketing-event.values';
export * from './lead-import.values';

// Views
export * from './lead.views';
export * from './lead-assignment.views';
export * from './marketing-event.views';
export * from './lead-import.views';

// Events
export * from './lead-created.v1';
export * from './lead-converted.v1';
export * from './lead-assigned.v1';
export * from './lead-import-leads-created.v1';
export * from './lead-status-changed.v1';
export * from './lead-updated.v1';
export * from './marketing-event-created.v1';
export * from './catalogue';

// Requests
export * from './create-lead.v1';
export * from './list-leads.v1';
export * from './get-lead.v1';
export * from './update-lead.v1';
export * from './change-lead-status.v1';
export * from './convert-lead.v1';
export * from './get-lead-assignment.v1';
export * from './put-lead-assignment.v1';
export * from './create-marketing-event.v1';
export * from './list-marketing-events.v1';
export * from './start-lead-import.v1';
export * from './stage-lead-import-rows.v1';
export * from './commit-lead-import.v1';
export * from './get-lead-import.v1';

// Examples of the request bodies
export * from './input-examples';
