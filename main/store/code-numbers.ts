/**
 * Stable integer ids beside readable codes (migration 0015): a tariff, a tariff rate, an
 * account, a meter, a physical meter's channel and a meter group each get a number the first
 * time they are stored and keep it for good. The seed answers carry the number where the seed
 * has an integer, with the code beside it; requests name either.
 */
import type { Store, WriteTransaction } from './store';

export type CodeKind =
  'tariff' | 'tariff_version' | 'tariff_rate' | 'account' | 'meter' | 'channel' | 'meter_group';
/** The kinds whose codes are unique on their own (a tariff version's or rate's only within its tariff). */
export type GlobalKind = Exclude<CodeKind, 'tariff_version' | 'tariff_rate'>;

type Reader = Pick<Store, 'all'> | Pick<WriteTransaction, 'all'>;

async function first<T>(db: Reader, sql: string, params: (string | number)[]): Promise<T | undefined> {
  return (await db.all<T>(sql, params))[0];
}

/** The numbers of these codes (codes never stored are absent from the map). */
export async function numbersOf(
  db: Reader,
  kind: GlobalKind,
  codes: readonly string[],
): Promise<Map<string, number>> {
  const unique = [...new Set(codes)];
  const found = new Map<string, number>();
  for (let i = 0; i < unique.length; i += 500) {
    const slice = unique.slice(i, i + 500);
    const rows = await db.all<{ code: string; number: number }>(
      `SELECT code, number FROM code_numbers WHERE kind = ? AND scope = '' AND code IN (${slice.map(() => '?').join(',')})`,
      [kind, ...slice],
    );
    for (const row of rows) found.set(row.code, row.number);
  }
  return found;
}

/** The numbers of a tariff's versions or rates, by their codes. */
export async function tariffPartNumbers(
  db: Reader,
  kind: 'tariff_version' | 'tariff_rate',
  masterTariffId: string,
): Promise<Map<string, number>> {
  const rows = await db.all<{ code: string; number: number }>(
    'SELECT code, number FROM code_numbers WHERE kind = ? AND scope = ?',
    [kind, masterTariffId],
  );
  return new Map(rows.map((row) => [row.code, row.number]));
}

export async function codeOfNumber(
  db: Reader,
  kind: GlobalKind,
  number: number,
): Promise<string | undefined> {
  const row = await first<{ code: string }>(
    db,
    "SELECT code FROM code_numbers WHERE kind = ? AND scope = '' AND number = ?",
    [kind, number],
  );
  return row?.code;
}

/**
 * What a request's reference names: a JSON number is an integer id; a string is a code, or,
 * when it is all digits and no code of that text exists, an integer id (a URL path carries
 * only text). Undefined when it names nothing stored.
 */
export async function resolveCode(
  db: Reader,
  kind: GlobalKind,
  ref: string | number,
): Promise<string | undefined> {
  if (typeof ref === 'number')
    return Number.isSafeInteger(ref) && ref >= 1 ? codeOfNumber(db, kind, ref) : undefined;
  const direct = await first<{ code: string }>(
    db,
    "SELECT code FROM code_numbers WHERE kind = ? AND scope = '' AND code = ?",
    [kind, ref],
  );
  if (direct) return direct.code;
  if (/^[1-9]\d{0,14}$/.test(ref)) return codeOfNumber(db, kind, Number(ref));
  return undefined;
}

/**
 * Gives these codes numbers if they have none yet: the preferred number when it is free (a
 * URDB rate exported from another workspace keeps its ids), else the next of the kind.
 */
export async function registerCodes(
  tx: WriteTransaction,
  kind: CodeKind,
  codes: readonly { code: string; preferred?: number }[],
  /** A tariff rate's tariff code ('' for every other kind). */
  scope = '',
): Promise<void> {
  for (const { code, preferred } of codes) {
    if (preferred !== undefined && Number.isSafeInteger(preferred) && preferred >= 1)
      await tx.run(
        `INSERT OR IGNORE INTO code_numbers (kind, scope, code, number)
         SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM code_numbers WHERE kind = ? AND number = ?)`,
        [kind, scope, code, preferred, kind, preferred],
      );
    await tx.run(
      `INSERT OR IGNORE INTO code_numbers (kind, scope, code, number)
       SELECT ?, ?, ?, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = ?`,
      [kind, scope, code, kind],
    );
  }
}
