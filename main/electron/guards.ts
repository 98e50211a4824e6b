/**
 * Hardening applied to every WebContents the app ever creates (main.ts, on
 * 'web-contents-created'), not just our window's: nothing may leave app://energy-ledger/,
 * pop up a window or attach a <webview>, and no permission is ever granted.
 */
import { isAppUrl } from './app-url';
import type { GuardedContents, GuardedSession, NavigationEvent } from './boundary';

function stayInApp(event: NavigationEvent): void {
  if (!isAppUrl(event.url)) event.preventDefault();
}

export function harden(contents: GuardedContents): void {
  // will-navigate covers the main frame only; will-frame-navigate covers every frame, iframes included.
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The app needs no camera, notifications, clipboard-read, USB…: refuse every request and check. */
export function denyPermissions(ses: GuardedSession): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}
