/**
 * The largest amount of money a contract accepts, in major units. The columns are numeric(18,2) and hold
 * more, but JSON numbers above 2^53 lose their cents.
 */
export const MAX_AMOUNT = 999_999_999_999_999;
