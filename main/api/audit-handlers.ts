/** The audit log over the contract: listed and filtered (by kind, local days, text); never written here. */
import { daysRangeUtc, formatSeedUtc, isoWithOffset } from '../../shared/time';
import { listAudit } from '../store/audit-log';

import type { Handlers } from './context';

export const auditHandlers: Pick<Handlers, 'audit:list'> = {
  async 'audit:list'({ workspace }, input) {
    const { timezone } = await workspace.settings();
    const from = input.from ? daysRangeUtc(input.from, input.from, timezone).start : undefined;
    const to = input.to ? daysRangeUtc(input.to, input.to, timezone).end : undefined;
    const { entries, total } = await listAudit(workspace.db, {
      ...(input.kind ? { kind: input.kind } : {}),
      ...(from !== undefined ? { fromUtc: from } : {}),
      ...(to !== undefined ? { toUtc: to } : {}),
      ...(input.text ? { text: input.text } : {}),
      limit: input.limit,
    });
    return {
      timezone,
      total,
      entries: entries.map((e) => ({
        id: e.id,
        at: formatSeedUtc(e.atUtc),
        atLocal: isoWithOffset(e.atUtc, timezone),
        kind: e.kind,
        subject: e.subject,
        description: e.description,
        details: e.details,
      })),
    };
  },
};
