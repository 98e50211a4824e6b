/**
 * The resolution explorer's state (renderer/src/pages/meters/): the form (meter, resolution, first
 * and last day included), the answer or its error, and what the table and chart read from it.
 */
import { useMemo, useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { useClient } from '../../client-context';
import { exclusiveEndOf } from '../../components/LocalTime';

import type { Answer } from './explorer-answer';
import { explorerOption } from './meter-charts';

export function useExplorer(meterIds: string[], zone: string, currency: string) {
  const client = useClient();
  const [form, setForm] = useState({ deviceId: '', resolution: 'DAILY', from: '', to: '' });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const show = async () => {
    setError(null);
    setAnswer(null);
    const result = await client['consumption:device']({
      userId: 'current-user',
      accountId: 'default-account',
      locationId: 'default-location',
      deviceId: form.deviceId || meterIds[0] || '',
      resolution: form.resolution,
      ...(form.from ? { from: form.from } : {}),
      // The last day the person chose, included: the API's `to` is the day after it.
      ...(form.to ? { to: exclusiveEndOf(form.to) } : {}),
    });
    if (!result.ok) return setError(result.error);
    setAnswer(result.value as unknown as Answer);
  };
  const rows = answer?.componentList.component ?? [];
  const keys = [
    ...new Set(rows.flatMap((c) => (c.componentList?.component ?? []).map((k) => k['@rateKey']))),
  ].sort();
  const costCurrency = answer?.['@currency'] ?? currency;
  const fileCurrency = answer?.['@fileCurrency'] ?? currency;
  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!answer) return null;
    return explorerOption(answer, rows, keys, zone, costCurrency, fileCurrency);
  }, [answer, rows, keys, zone, costCurrency, fileCurrency]);
  return { form, setForm, answer, error, show, rows, keys, costCurrency, fileCurrency, chart };
}
