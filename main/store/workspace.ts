/**
 * A workspace: a market's definition, readings, prices, settlement runs and payments, plus its
 * settings, kept in one Store (today one SQLite file, opened by Database).
 */
import { Database } from './database';
import type { Store, WorkspaceAccess } from './store';

export interface WorkspaceSettings {
  name: string;
  timezone: string;
  currency: string;
  priceZone: string;
  /** Payment matching tolerance in the currency (e.g. "0.05"): differences up to it count as paid. */
  paymentTolerance?: string;
}

export const defaultSettings: WorkspaceSettings = {
  name: 'Energy Ledger workspace',
  timezone: 'Asia/Bangkok',
  currency: 'THB',
  priceZone: 'default',
};

export class Workspace {
  private constructor(readonly db: Store) {}

  get filePath(): string {
    return this.db.filePath;
  }

  /**
   * Opens an existing workspace file; foreign, truncated or newer files are refused untouched,
   * and one that cannot be written or is damaged opens read-only (see `access`).
   */
  static async open(file: string, options: { readOnly?: boolean } = {}): Promise<Workspace> {
    return new Workspace(await Database.open(file, options));
  }

  /** Read-write, or read-only and why (a read-only file, or damage found by the integrity check). */
  access(): Promise<WorkspaceAccess> {
    return this.db.access();
  }

  /** Creates a new workspace file with default settings; refuses an existing path. */
  static async create(file: string, settings: Partial<WorkspaceSettings> = {}): Promise<Workspace> {
    const workspace = new Workspace(await Database.create(file));
    const merged = { ...defaultSettings, ...settings };
    await workspace.db.write(async (tx) => {
      for (const [key, value] of Object.entries(merged)) {
        await tx.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, value]);
      }
    });
    return workspace;
  }

  async settings(): Promise<WorkspaceSettings> {
    const rows = await this.db.all<{ key: string; value: string }>('SELECT key, value FROM settings');
    const map = new Map(rows.map((row) => [row.key, row.value]));
    return {
      name: map.get('name') ?? defaultSettings.name,
      timezone: map.get('timezone') ?? defaultSettings.timezone,
      currency: map.get('currency') ?? defaultSettings.currency,
      priceZone: map.get('priceZone') ?? defaultSettings.priceZone,
      ...(map.has('paymentTolerance') ? { paymentTolerance: map.get('paymentTolerance')! } : {}),
    };
  }

  saveCopy(target: string): Promise<void> {
    return this.db.saveCopy(target);
  }

  private readonly jobs = new Set<Promise<unknown>>();

  /** Runs a background job (an account's intervalization) that closing the workspace waits for. */
  background(job: () => Promise<unknown>): void {
    const running: Promise<unknown> = Promise.resolve()
      .then(job)
      .catch(() => undefined)
      .finally(() => this.jobs.delete(running));
    this.jobs.add(running);
  }

  /** Resolves when every background job started so far has finished. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs]);
  }

  async close(): Promise<void> {
    await this.idle();
    return this.db.close();
  }
}
