// The partners service's messages: the events it publishes (with their catalogue). It answers no requests yet.

// Events
export * from './deal-registration-approved.v1';
export * from './catalogue';
