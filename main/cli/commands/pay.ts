/**
 * `pay` (issue 17): records a payment against an issued statement (by number or month). One API
 * operation, so the checks are those of the form and the API.
 */
import { callOperation } from '../../api/dispatch';
import { common, printJson, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const pay = defineCommand({
  name: 'pay',
  usage: [
    '[--db FILE] --participant ID (--statement EL-YYYY-NNNNNN | --month YYYY-MM) --amount X',
    '--date YYYY-MM-DD [--reference R]',
  ],
  help: [
    'Record a payment against an issued statement. The amount is more than zero and on the',
    "currency's minor unit (2 decimals for THB); a reference counts once per participant.",
  ],
  options: {
    ...common,
    participant: { type: 'string' },
    statement: { type: 'string' },
    month: { type: 'string' },
    amount: { type: 'string' },
    date: { type: 'string' },
    reference: { type: 'string', default: '' },
  },
  async run({ values }) {
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'payments:record', {
        participantId: values.participant,
        ...(values.statement ? { statement: values.statement } : {}),
        ...(values.month ? { month: values.month } : {}),
        amount: values.amount,
        paidOn: values.date,
        reference: values.reference,
      });
      if (!result.ok) return refusal(result.error);
      printJson(result.value);
      return 0;
    });
  },
});
