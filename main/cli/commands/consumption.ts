/** `consumption`: the cost and consumption of a meter (physical or virtual) at a resolution (seed 004), as JSON or XML. */
import { callOperation } from '../../api/dispatch';
import { UsageError, common, printJson, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const consumption = defineCommand({
  name: 'consumption',
  usage: [
    '[--db FILE] --device METER [--resolution DAILY] [--from DATE|TIME] [--to DATE|TIME]',
    '[--limit-to-latest N] [--include-submetering-devices] [--xml]',
  ],
  help: ['Cost and consumption of a meter (physical or virtual) at a resolution (seed 004), JSON or XML.'],
  options: {
    ...common,
    device: { type: 'string' },
    resolution: { type: 'string', default: 'DAILY' },
    from: { type: 'string' },
    to: { type: 'string' },
    'limit-to-latest': { type: 'string' },
    'include-submetering-devices': { type: 'boolean', default: false },
    xml: { type: 'boolean', default: false },
  },
  async run({ values }) {
    if (!values.device)
      throw new UsageError(
        'consumption --device METER [--resolution QUARTER_HOURLY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY|RANGE] [--from DATE] [--to DATE] [--xml]',
      );
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'consumption:device', {
        userId: 'current-user',
        accountId: 'default-account',
        locationId: 'default-location',
        deviceId: values.device,
        resolution: values.resolution,
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
        ...(values['limit-to-latest'] ? { 'limit-to-latest': values['limit-to-latest'] } : {}),
        ...(values['include-submetering-devices'] ? { 'include-submetering-devices': 'true' } : {}),
      });
      if (!result.ok) {
        stderr(`error: ${result.error.message}`);
        return result.error.code === 'not_found' ? 3 : 2;
      }
      if (values.xml) {
        const { costAndConsumptionXml } = await import('../../api/cost-consumption-xml');
        process.stdout.write(costAndConsumptionXml(result.value as never));
      } else printJson(result.value);
      return 0;
    });
  },
});
