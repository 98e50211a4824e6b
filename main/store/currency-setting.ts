/**
 * The workspace's currency setting, read on its own where a caller needs only it (payment
 * checks, a definition import that may not change it once statements were issued) and may be
 * inside a write transaction. The full settings are read by Workspace.settings().
 */
import type { Store, WriteTransaction } from './store';

type Reader = Pick<Store, 'all'> | WriteTransaction;

/** The stored `currency` setting, or undefined when none is stored. */
export async function storedCurrency(db: Reader): Promise<string | undefined> {
  const [row] = await db.all<{ value: string }>("SELECT value FROM settings WHERE key = 'currency'");
  return row?.value;
}
