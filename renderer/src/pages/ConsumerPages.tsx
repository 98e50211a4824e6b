/**
 * A consumer's drill-down (renderer/src/pages/consumer/): the year by month ›
 * a month's overview (24/7 CFE vs grid, its providers, total cost, CFE score,
 * its hours and days) › one local day hour by hour › one hour's lines.
 */
export { ConsumerDayPage } from './consumer/ConsumerDayPage';
export { ConsumerHourPage } from './consumer/ConsumerHourPage';
export { ConsumerMonthSection } from './consumer/ConsumerMonthSection';
export { ConsumerYearPage } from './consumer/ConsumerYearPage';
export type { ConsumerHour } from './consumer/ConsumerDayPage';
