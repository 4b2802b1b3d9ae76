import { inputExample, type InputExample } from '../common/input-example';
import { SalesPlanInputV1 } from './put-sales-plan.v1';

/** A valid body of every request the reporting routes take (API.md, Reports). */
export const REPORTING_INPUT_EXAMPLES: readonly InputExample[] = [inputExample(SalesPlanInputV1, { amount: 250000, currency: 'EUR' })];
