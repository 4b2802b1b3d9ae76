// The deals service's contracts beyond those agreed first (deal.values, customer-created, resolve-customer).
export * from './customer.v1';
export * from './pipeline.v1';
export * from './deal.v1';
export * from './deal-facts.v1';
export * from './deal-created.v1';
export * from './deal-stage-changed.v1';
export * from './deal-updated.v1';
export * from './deal-won.v1';
export * from './deal-lost.v1';
export * from './payment-recorded.v1';
export * from './repeat-sale-due.v1';
export * from './customer-history.v1';
export * from './repeat-sales.v1';
export * from './catalogue';
