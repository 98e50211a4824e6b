/** The market's settings: name, timezone, currency, price zone and the optional payment tolerance. */
import type { ComponentProps } from 'react';

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

/** The settings' fields, in order: each a key of the draft (main's path is `settings.<key>`). */
const FIELDS: ({ key: keyof SettingsDraft } & Omit<
  ComponentProps<typeof TextField>,
  'path' | 'value' | 'onChange'
>)[] = [
  { key: 'name', label: 'Market name' },
  { key: 'timezone', label: 'Timezone', placeholder: 'Asia/Bangkok', list: 'definition-timezones' },
  { key: 'currency', label: 'Currency', placeholder: 'THB', size: 5 },
  { key: 'priceZone', label: 'Price zone' },
  {
    key: 'paymentTolerance',
    label: 'Payment tolerance',
    title: 'Payment tolerance (optional)',
    placeholder: '0.05',
    size: 8,
  },
];

export function SettingsPart({
  settings,
  onChange,
}: {
  settings: SettingsDraft;
  onChange: (settings: SettingsDraft) => void;
}) {
  return (
    <PartCard
      title="Settings"
      testId="definition-settings"
      paths={['settings', '(root)']}
      intro="The market's name, the timezone its days and hours are counted in, the currency of every price and the price zone its market prices are imported for."
    >
      <div className="form-row">
        {FIELDS.map(({ key, ...field }) => (
          <TextField
            key={key}
            path={`settings.${key}`}
            value={settings[key]}
            onChange={(value) => onChange({ ...settings, [key]: value })}
            {...field}
          />
        ))}
      </div>
      <datalist id="definition-timezones">
        {timezones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </PartCard>
  );
}
