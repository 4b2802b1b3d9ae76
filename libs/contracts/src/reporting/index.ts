// The reporting service's messages: it publishes no events; the requests it answers.

// Requests
export * from './get-lead-sources.v1';
