/**
 * The tariff editor's state (renderer/src/pages/tariffs/): the tariff as edited, the version shown,
 * the schedule and period being painted, the version's rates as JSON text, and saving the whole
 * tariff (a refusal lists each field and nothing is stored).
 */
import { useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import type { Tariff } from '../../../../shared/tariff';
import { useClient } from '../../client-context';

export type ScheduleKey = 'energyWeekdaySchedule' | 'energyWeekendSchedule';

export function useTariffDraft(initial: Tariff, onSaved: (message: string) => void) {
  const client = useClient();
  const [tariff, setTariff] = useState<Tariff>(() => structuredClone(initial));
  const [versionIndex, setVersionIndex] = useState(0);
  const [scheduleKey, setScheduleKey] = useState<ScheduleKey>('energyWeekdaySchedule');
  const [brush, setBrush] = useState(1);
  const [painting, setPainting] = useState(false);
  const [ratesText, setRatesText] = useState(() => JSON.stringify(initial.versions[0]?.rates ?? [], null, 2));
  const [error, setError] = useState<OperationError | null>(null);
  const version = tariff.versions[versionIndex]!;
  const schedule = version[scheduleKey];
  const periods = Math.max(
    2,
    ...tariff.versions
      .flatMap((v) => [...v.energyWeekdaySchedule.flat(), ...v.energyWeekendSchedule.flat()])
      .map((p) => p + 1),
  );

  const updateVersion = (change: Partial<Tariff['versions'][number]>) =>
    setTariff({
      ...tariff,
      versions: tariff.versions.map((v, i) => (i === versionIndex ? { ...v, ...change } : v)),
    });
  const paint = (month: number, hour: number) => {
    if (schedule[month]![hour] === brush) return;
    updateVersion({
      [scheduleKey]: schedule.map((row, m) =>
        m === month ? row.map((p, h) => (h === hour ? brush : p)) : row,
      ),
    });
  };
  const chooseVersion = (index: number) => {
    setVersionIndex(index);
    setRatesText(JSON.stringify(tariff.versions[index]?.rates ?? [], null, 2));
  };

  const save = async () => {
    setError(null);
    let rates: unknown;
    try {
      rates = JSON.parse(ratesText);
    } catch (parseError) {
      setError({
        code: 'invalid_input',
        message: `The rates are not JSON: ${(parseError as Error).message}`,
      });
      return;
    }
    const next = {
      ...tariff,
      versions: tariff.versions.map((v, i) => (i === versionIndex ? { ...v, rates } : v)),
    };
    const saved = await client['tariffs:save']({ tariff: next as Tariff });
    if (!saved.ok) setError(saved.error);
    else onSaved(`Saved tariff ${saved.value.tariff.masterTariffId}.`);
  };

  return {
    tariff,
    setTariff,
    versionIndex,
    setVersionIndex,
    version,
    scheduleKey,
    setScheduleKey,
    schedule,
    periods,
    brush,
    setBrush,
    painting,
    setPainting,
    ratesText,
    setRatesText,
    error,
    updateVersion,
    paint,
    chooseVersion,
    save,
  };
}
