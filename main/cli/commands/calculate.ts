/** `calculate`: prices an account's usage on its tariff (seed 001's CalculatedCost, as JSON). */
import { callOperation } from '../../api/dispatch';
import { UsageError, common, printJson, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const calculate = defineCommand({
  name: 'calculate',
  usage: [
    '[--db FILE] --account ID --from DATE --to DATE [--group-by MONTH|ALL]',
    '[--detail RATE|CHARGE_TYPE|TOTAL] [--usage metered|grid] [--tariff ID]',
  ],
  help: ["Price an account's usage on its tariff (seed 001's CalculatedCost, as JSON)."],
  options: {
    ...common,
    account: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'group-by': { type: 'string', default: 'MONTH' },
    detail: { type: 'string', default: 'RATE' },
    usage: { type: 'string', default: 'metered' },
    tariff: { type: 'string' },
  },
  async run({ values }) {
    if (!values.account || !values.from || !values.to)
      throw new UsageError('calculate needs --account ID --from DATE --to DATE');
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'accounts:calculate', {
        accountId: values.account,
        fromDateTime: values.from,
        toDateTime: values.to,
        groupBy: values['group-by'],
        detailLevel: values.detail,
        usage: values.usage,
        ...(values.tariff ? { masterTariffId: values.tariff } : {}),
      });
      if (!result.ok) {
        stderr(`error: ${result.error.message}`);
        if (result.error.fields) stderr(JSON.stringify(result.error.fields, null, 2));
        return result.error.code === 'invalid_input' ? 2 : 1;
      }
      printJson(result.value);
      return 0;
    });
  },
});
