/**
 * Page models for the end-to-end journeys: what a person sees and clicks on
 * each drill-down level, and the API the same figures come from.
 */
import { expect, type Locator, type Page, type Response } from '@playwright/test';

import { E2E_TOKEN } from '../../playwright.config';
import { httpRoute, type OperationName } from '../../shared/contract';

/** What answer an action's request must get: 2xx (the default), 4xx (a refusal), or any. */
export type Expected = 'ok' | 'refused' | 'any';

export interface AnswerOptions {
  /** Path parameters to match exactly (`{ accountId: 'acc-mall' }`); the others match any one segment. */
  params?: Record<string, string>;
  expect?: Expected;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * True for the response to `operation`'s request: its HTTP method and its path, as the renderer's
 * client builds them from the contract (renderer/src/http-protocol.ts: `/api/…`, `/rest/v1/…`,
 * `/connect/…`; path parameters URI-encoded, the query string ignored).
 */
export function isAnswerTo(
  operation: OperationName,
  params: Record<string, string> = {},
): (response: Response) => boolean {
  const { method, path } = httpRoute(operation);
  const pattern = new RegExp(
    `^${path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return escapeRegExp(segment);
        const value = params[segment.slice(1)];
        return value === undefined ? '[^/]+' : escapeRegExp(encodeURIComponent(value));
      })
      .join('/')}$`,
  );
  return (response) =>
    response.request().method() === method && pattern.test(new URL(response.url()).pathname);
}

export class EnergyLedgerApp {
  constructor(readonly page: Page) {}

  /** Opens the printed link (the token is kept for the tab), then a route. */
  async open(hash = '#/'): Promise<void> {
    // From a page of the app, the link would change only the hash, and the app reloads to take
    // the token (renderer/src/main.tsx), which could cut the next navigation short: start afresh.
    if (this.page.url() !== 'about:blank') await this.page.goto('about:blank');
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

  /**
   * Does `action` (a click, a file chosen…) and waits for the answer to the request it sends for
   * `operation`, listening from before the action so that a quick answer is not missed. The server
   * answers a JSON operation once it is done, so when this returns a write is stored, whatever the
   * page already showed before (the page may still be drawing the answer). A settlement answers a
   * stream of events whose headers come first: its result is what the page shows at the end.
   */
  async answerTo(
    operation: OperationName,
    action: () => Promise<unknown>,
    options: AnswerOptions = {},
  ): Promise<Response> {
    const answered = this.page.waitForResponse(isAnswerTo(operation, options.params));
    try {
      await action();
    } catch (error) {
      answered.catch(() => undefined);
      throw error;
    }
    // Not `response.finished()`: a stream the page stops reading after its result event may never finish.
    const response = await answered;
    const label = `${response.request().method()} ${new URL(response.url()).pathname}: ${response.status()}`;
    const expected = options.expect ?? 'ok';
    if (expected === 'ok') expect(response.ok(), label).toBe(true);
    if (expected === 'refused') expect(response.status(), label).toBeGreaterThanOrEqual(400);
    if (expected === 'refused') expect(response.status(), label).toBeLessThan(500);
    return response;
  }

  /** Clicks `target` and waits for the answer to the request the click sends for `operation` (see answerTo). */
  async clickAndWait(
    target: Locator,
    operation: OperationName,
    options: AnswerOptions = {},
  ): Promise<Response> {
    return this.answerTo(operation, () => target.click(), options);
  }

  breadcrumbs() {
    return this.page.getByRole('navigation', { name: 'Breadcrumbs' });
  }

  /** A screen's link in the main navigation (Participants, Settlement, Imports…), as a person reads it. */
  navLink(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
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
