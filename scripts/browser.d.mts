// Types of scripts/browser.mjs (plain JavaScript so it runs before the dependencies are installed).
export interface BrowserSystem {
  platform: string;
  env: Record<string, string | undefined>;
  home: string;
  isRoot: boolean;
  osRelease: string;
  isExecutable: (file: string) => boolean;
  listDir: (dir: string) => string[];
}
export function realSystem(): BrowserSystem;
export function findBrowser(
  system?: BrowserSystem,
): { path: string; source: string } | { path: null; problem: string };
export function distribution(osRelease: string): '' | 'debian' | 'ubuntu' | 'fedora' | 'arch';
export function canInstallChromium(system: BrowserSystem): boolean;
export function missingBrowserAdvice(system: BrowserSystem): string;
export function ensureBrowser(options?: {
  log?: (line: string) => void;
  system?: BrowserSystem;
}): string | null;
