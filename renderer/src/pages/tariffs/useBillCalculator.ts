/**
 * The bill calculator's state (renderer/src/pages/tariffs/): the form (account, first and last day
 * included, usage, groupBy, detailLevel), the bill it calculated and its chart.
 */
import { useMemo, useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { useClient } from '../../client-context';
import { exclusiveEndOf } from '../../components/LocalTime';

import { billOption, exactResult, type Result, type SeedResult } from './bill';

/** `setError` shows a refusal on the screen (null clears it). */
export function useBillCalculator(zone: string, setError: (error: OperationError | null) => void) {
  const client = useClient();
  const [form, setForm] = useState({
    accountId: '',
    from: '2022-01-01',
    to: '2022-01-31',
    groupBy: 'MONTH',
    detailLevel: 'RATE',
    usage: 'metered',
  });
  const [bill, setBill] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  const calculate = async () => {
    setBusy(true);
    setError(null);
    setBill(null);
    const result = await client['accounts:calculate']({
      accountId: form.accountId,
      fromDateTime: form.from,
      // The last day chosen is included: the API's toDateTime is the day after it.
      toDateTime: exclusiveEndOf(form.to),
      groupBy: form.groupBy as 'MONTH',
      detailLevel: form.detailLevel as 'RATE',
      usage: form.usage as 'metered',
    });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else setBill(exactResult((result.value as { results: SeedResult[] }).results[0]));
  };

  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!bill) return null;
    return billOption(bill, zone);
  }, [bill, zone]);

  return { form, setForm, bill, busy, calculate, chart };
}

export type BillCalculatorState = ReturnType<typeof useBillCalculator>;
