/**
 * The renderer's origin, `app://energy-ledger`, and the test for it. Kept apart from protocol.ts
 * (which registers the scheme with Electron) so the IPC handlers and the navigation guards, which
 * need only this test, load under Node in the unit tests without Electron.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'energy-ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True only for a URL of our own bundle: the app: scheme and the energy-ledger host. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
