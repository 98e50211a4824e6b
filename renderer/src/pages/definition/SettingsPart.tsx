/** The market's settings: name, timezone, currency, price zone and the optional payment tolerance. */
import type { SettingsDraft } from './draft';
import { PartCard, TextField } from './fields';

const timezones: string[] = (() => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

export function SettingsPart({
  settings,
  onChange,
}: {
  settings: SettingsDraft;
  onChange: (settings: SettingsDraft) => void;
}) {
  const set = (key: keyof SettingsDraft) => (value: string) => onChange({ ...settings, [key]: value });
  return (
    <PartCard
      title="Settings"
      testId="definition-settings"
      paths={['settings', '(root)']}
      intro="The market's name, the timezone its days and hours are counted in, the currency of every price and the price zone its market prices are imported for."
    >
      <div className="form-row">
        <TextField path="settings.name" label="Market name" value={settings.name} onChange={set('name')} />
        <TextField
          path="settings.timezone"
          label="Timezone"
          value={settings.timezone}
          onChange={set('timezone')}
          placeholder="Asia/Bangkok"
          list="definition-timezones"
        />
        <TextField
          path="settings.currency"
          label="Currency"
          value={settings.currency}
          onChange={set('currency')}
          placeholder="THB"
          size={5}
        />
        <TextField
          path="settings.priceZone"
          label="Price zone"
          value={settings.priceZone}
          onChange={set('priceZone')}
        />
        <TextField
          path="settings.paymentTolerance"
          label="Payment tolerance"
          title="Payment tolerance (optional)"
          value={settings.paymentTolerance}
          onChange={set('paymentTolerance')}
          placeholder="0.05"
          size={8}
        />
      </div>
      <datalist id="definition-timezones">
        {timezones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </PartCard>
  );
}
