/**
 * The audit log (migration 0011): entries written by triggers in the same
 * transaction as each change, never edited. Read here, newest first, filtered
 * by kind, time and text.
 */
import type { Store } from './store';

export interface AuditEntry {
  id: number;
  atUtc: number;
  kind: string;
  subject: string;
  description: string;
  details: Record<string, unknown>;
}

export async function listAudit(
  db: Store,
  filter: { kind?: string; fromUtc?: number; toUtc?: number; text?: string; limit: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.kind) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.fromUtc !== undefined) {
    where.push('at_utc >= ?');
    params.push(filter.fromUtc);
  }
  if (filter.toUtc !== undefined) {
    where.push('at_utc < ?');
    params.push(filter.toUtc);
  }
  if (filter.text) {
    where.push("(description LIKE '%' || ? || '%' OR subject LIKE '%' || ? || '%')");
    params.push(filter.text, filter.text);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${clause}`, params);
  const rows = await db.all<{
    id: number;
    at_utc: number;
    kind: string;
    subject: string;
    description: string;
    details_json: string;
  }>(
    `SELECT id, at_utc, kind, subject, description, details_json FROM audit_log ${clause} ORDER BY id DESC LIMIT ?`,
    [...params, filter.limit],
  );
  return {
    total: count?.n ?? 0,
    entries: rows.map((r) => ({
      id: r.id,
      atUtc: r.at_utc,
      kind: r.kind,
      subject: r.subject,
      description: r.description,
      details: JSON.parse(r.details_json) as Record<string, unknown>,
    })),
  };
}
