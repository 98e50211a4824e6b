/**
 * A generator's drill-down (renderer/src/pages/prosumer/): monthly revenue › a
 * month (sales cards, who bought, its hours, days or months) › one local day
 * hour by hour › one hour's allocation lines. Every figure is the API's (the
 * seed-000 views); each level links to the one below, and the totals of a level
 * equal the bar or row it came from one level up.
 */
export { Breadcrumbs, markDrill, NotSettled, usePainted } from './drill/common';
export { ProsumerDayPage } from './prosumer/ProsumerDayPage';
export { ProsumerHourPage } from './prosumer/ProsumerHourPage';
export { ProsumerMonthSection } from './prosumer/ProsumerMonthSection';
export { ProsumerRevenuePage } from './prosumer/ProsumerRevenuePage';
