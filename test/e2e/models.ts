/**
 * Page models for the end-to-end journeys: what a person sees and clicks on
 * each drill-down level, and the API the same figures come from.
 */
import { expect, type Page } from '@playwright/test';

import { E2E_TOKEN } from '../../playwright.config';

export class EnergyLedgerApp {
  constructor(readonly page: Page) {}

  /** Opens the printed link (the token is kept for the tab), then a route. */
  async open(hash = '#/'): Promise<void> {
    await this.page.goto(`/#token=${E2E_TOKEN}`);
    await expect(this.page.getByTestId('workspace-name')).toBeVisible();
    if (hash !== '#/') await this.page.goto(`/${hash}`);
  }

  /** A seed-000 view, straight from the loopback API. */
  async api<T>(path: string): Promise<T> {
    const response = await this.page.request.get(path, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } });
    expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
    return (await response.json()) as T;
  }

  breadcrumbs() {
    return this.page.getByRole('navigation', { name: 'Breadcrumbs' });
  }

  /** Click-to-painted times of the drill-down steps taken so far, in ms. */
  async drillTimes(): Promise<Record<string, number[]>> {
    return this.page.evaluate(() => {
      const out: Record<string, number[]> = {};
      for (const entry of performance.getEntriesByType('measure')) {
        (out[entry.name] ??= []).push(Math.round(entry.duration * 10) / 10);
      }
      return out;
    });
  }
}
