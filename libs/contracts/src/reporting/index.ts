// The reporting service's messages: it publishes no events; the requests it answers.
export * from './report-filter.v1';
export * from './report.views';
export * from './input-examples';

// Requests
export * from './get-lead-sources.v1';
export * from './get-funnel.v1';
export * from './get-summary.v1';
export * from './get-managers.v1';
export * from './get-partners.v1';
export * from './get-forecast.v1';
export * from './get-dashboard-reports.v1';
export * from './put-sales-plan.v1';
export * from './list-sales-plans.v1';
