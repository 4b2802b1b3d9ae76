// The deals service's messages, by what they are: the values they are made of, the views its answers show,
// the events it publishes (with their catalogue), and the requests it answers.

// Values
export * from './deal.values';
export * from './deal-facts.v1';

// Views
export * from './customer.views';
export * from './pipeline.views';
export * from './deal.views';

// Events
export * from './customer-created.v1';
export * from './deal-created.v1';
export * from './deal-stage-changed.v1';
export * from './deal-updated.v1';
export * from './deal-won.v1';
export * from './deal-lost.v1';
export * from './payment-recorded.v1';
export * from './repeat-sale-due.v1';
export * from './pipeline-created.v1';
export * from './catalogue';

// Requests
export * from './resolve-customer.v1';
export * from './create-customer.v1';
export * from './list-customers.v1';
export * from './get-customer.v1';
export * from './get-customer-history.v1';
export * from './list-pipelines.v1';
export * from './create-pipeline.v1';
export * from './create-deal.v1';
export * from './list-deals.v1';
export * from './get-deal.v1';
export * from './update-deal.v1';
export * from './move-deal-stage.v1';
export * from './record-payment.v1';
export * from './list-repeat-sales-due.v1';

// Examples of the request bodies
export * from './input-examples';
