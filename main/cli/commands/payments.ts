/** `payments` (issue 17): lists payments (undone ones marked), or undoes one recorded by mistake, with a reason. */
import type { PaymentListDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { UsageError, common, printJson, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const payments = defineCommand({
  name: 'payments',
  usage: ['[--db FILE] list [--participant ID] [--month YYYY-MM] [--json] | undo ID --reason TEXT'],
  help: ['List payments (undone ones marked), or undo one recorded by mistake, with a reason.'],
  options: {
    ...common,
    participant: { type: 'string' },
    month: { type: 'string' },
    reason: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  positionals: true,
  async run({ values, positionals }) {
    const [action = 'list', id] = positionals;
    if (action !== 'list' && action !== 'undo')
      throw new UsageError('payments takes list, or undo ID --reason TEXT');
    return withWorkspace(values.db, async (workspace) => {
      if (action === 'undo') {
        if (!id || !values.reason)
          throw new UsageError('payments undo needs the payment ID and --reason TEXT');
        const result = await callOperation({ workspace }, 'payments:undo', { id, reason: values.reason });
        if (!result.ok) return refusal(result.error);
        printJson(result.value);
        return 0;
      }
      const result = await callOperation({ workspace }, 'payments:list', {
        ...(values.participant ? { participantId: values.participant } : {}),
        ...(values.month ? { month: values.month } : {}),
        includeUndone: true,
      });
      if (!result.ok) return refusal(result.error);
      const list = result.value as PaymentListDto;
      if (values.json) {
        printJson(list);
        return 0;
      }
      for (const p of list.payments)
        process.stdout.write(
          `#${String(p.id).padEnd(5)} ${p.paidOn}  ${p.participantId.padEnd(16)} ${p.statement.padEnd(15)} ${p.amount.padStart(14)} ${list.currency}  ${p.reference}${
            p.undone ? `  UNDONE ${p.undone.at}: ${p.undone.reason}` : ''
          }\n`,
        );
      if (list.payments.length === 0) process.stdout.write('no payments recorded\n');
      return 0;
    });
  },
});
