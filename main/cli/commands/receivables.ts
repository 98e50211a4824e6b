/** `receivables` (issue 17): what is owed both ways, per statement, with totals, aging and the overdue list. */
import type { ReceivablesDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { common, printJson, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const receivables = defineCommand({
  name: 'receivables',
  usage: ['[--db FILE] [--as-of YYYY-MM-DD] [--participant ID] [--status S] [--overdue] [--json]'],
  help: [
    'Each statement (invoice or credit note) per participant and month: amount due in the',
    "currency's minor unit, payments, outstanding, balances carried; totals per direction,",
    'aging buckets and the overdue list as of a date.',
  ],
  options: {
    ...common,
    'as-of': { type: 'string' },
    participant: { type: 'string' },
    status: { type: 'string' },
    overdue: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  async run({ values }) {
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'receivables:list', {
        ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
        ...(values.participant ? { participantId: values.participant } : {}),
        ...(values.status ? { status: values.status } : {}),
      });
      if (!result.ok) return refusal(result.error);
      const r = result.value as ReceivablesDto;
      if (values.json) {
        printJson(values.overdue ? r.overdue : r);
        return 0;
      }
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (values.overdue) {
        out(`Overdue as of ${r.asOf} (${r.currency}):`);
        for (const o of r.overdue)
          out(
            `  ${o.participantId.padEnd(16)} ${o.invoiceNumber} ${o.month}  ${o.direction.padEnd(10)} ${o.outstanding.padStart(14)}  due ${o.dueDate}, ${o.daysOverdue} day(s) overdue`,
          );
        if (r.overdue.length === 0) out('  nothing is overdue');
        return 0;
      }
      for (const p of r.participants) {
        out(`${p.participantId} (${p.name}, ${p.role}): balance ${p.balance} ${r.currency}`);
        for (const m of p.months)
          out(
            `  ${m.invoiceNumber} ${m.month}  ${m.kind.padEnd(11)} ${m.amount.padStart(14)}  paid ${m.paid.padStart(14)}  outstanding ${m.outstanding.padStart(14)}  ${m.status} (due ${m.dueDate})`,
          );
      }
      out(
        `Open as of ${r.asOf} (${r.currency}): owed to the market ${r.totals.owedToMarket}, owed by the market ${r.totals.owedByMarket}`,
      );
      for (const a of r.aging)
        out(
          `  ${a.bucket.padEnd(8)} to the market ${a.owedToMarket.padStart(14)}  by the market ${a.owedByMarket.padStart(14)}`,
        );
      return 0;
    });
  },
});
