/**
 * What a screen says when it has nothing to show, and the check that a screen is drawn without
 * it: shared by the journeys that assert "no empty screen" (issue 18).
 */
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * What the pages say when they have nothing to show (renderer/src/pages and components).
 * Case matters: "Dry run: nothing stored yet" is a preview, not an empty state.
 */
export const EMPTY_STATES: RegExp[] = [
  /\bNo\b[^.]*\byet\b/, // No participants yet, No tariff yet, No run yet, No payment recorded yet, No month … settled yet
  /\bNone yet\b/,
  /\bNothing\b[^.]*\byet\b/, // Nothing imported yet
  /\bNothing is overdue\b/,
  /\bhas no market yet\b/,
  /^not settled$/, // a month's row; the consumer's year chart's note ("… is not settled.") is no empty state
  /\bis not settled yet\b/,
  /\bNo readings in\b/,
  /\bNo statement\b/,
  /\bNo meters are registered\b/,
  /\bNo payments? recorded\b/,
  /no tariff: consumption only/,
  /\bno market price\b/,
];

export interface EmptyStateCheck {
  /** Where to look (the whole of `main` unless said). */
  scope?: Locator;
  /**
   * Empty states this screen is expected to show (a first use: a new workspace has no
   * participants before its market is built). Each must be on view; the texts found are returned.
   */
  expected?: RegExp[];
  /** The screen's content is a refusal (an import that overlaps stored data, listed): drawn as an error. */
  isRefusal?: boolean;
}

/**
 * The screen's content is drawn: nothing loading or failed, and no empty state on view but the
 * expected ones. Returns the texts of the expected empty states seen.
 */
export async function expectNoEmptyState(
  page: Page,
  screen: string,
  { scope, expected = [], isRefusal = false }: EmptyStateCheck = {},
): Promise<string[]> {
  const main = page.locator('main');
  await expect(main.locator('.status-loading'), `${screen}: still loading`).toHaveCount(0);
  if (!isRefusal) await expect(main.locator('.status-error'), `${screen}: an error`).toHaveCount(0);
  const root = scope ?? main;
  const seen: string[] = [];
  for (const pattern of expected) {
    const hit = root.getByText(pattern).filter({ visible: true }).first();
    await expect(hit, `${screen}: the expected “${pattern.source}”`).toBeVisible();
    seen.push((await hit.innerText()).trim());
  }
  for (const pattern of EMPTY_STATES) {
    const texts = await root.getByText(pattern).filter({ visible: true }).allInnerTexts();
    const unexpected = texts.filter((text) => !expected.some((allowed) => allowed.test(text)));
    expect(unexpected, `${screen} shows an empty state (${pattern.source})`).toEqual([]);
  }
  return seen;
}

/**
 * Every chart of the screen is drawn. Charts below the fold draw once scrolled to (as a person
 * scrolls); then back to the top, so that a full-page picture shows the screen as it is.
 */
export async function expectChartsDrawn(page: Page, screen: string): Promise<void> {
  for (const chart of await page.locator('main .chart').all()) {
    await chart.scrollIntoViewIfNeeded();
    await expect(chart.locator('canvas').first(), `${screen}: a chart is drawn`).toBeVisible();
  }
  await page.evaluate('window.scrollTo(0, 0)');
}
