/**
 * An Energy Ledger tariff version written as a URDB rate (OpenEI Utility Rate Database), for other
 * tools (NREL SAM, PySAM) to read; reading one is urdb.ts.
 */
import type { Tariff, Tier } from '../../shared/tariff';
import { Dec } from '../../shared/units';

import { UrdbError } from './urdb';

/**
 * A tariff version as a URDB rate (the newer field names), for other tools
 * (NREL SAM, PySAM) to read. Rates URDB cannot hold (percentages, several
 * energy rates, credits in classes URDB lacks) are named in `notExported`.
 */
export function toUrdb(
  tariff: Tariff,
  versionIndex = 0,
): { rate: Record<string, unknown>; notExported: string[] } {
  const version = tariff.versions[versionIndex];
  if (!version)
    throw new UrdbError(`tariff ${tariff.masterTariffId} has no version ${versionIndex}`, {
      version: ['does not exist'],
    });
  const notExported: string[] = [];
  const rate: Record<string, unknown> = {
    label: version.tariffId,
    name: tariff.tariffName,
    ...(tariff.providerName ? { utility: tariff.providerName } : {}),
    startdate: Math.floor(Date.parse(`${version.effectiveFrom}T00:00:00Z`) / 1000),
    ...(version.effectiveTo
      ? { enddate: Math.floor(Date.parse(`${version.effectiveTo}T00:00:00Z`) / 1000) }
      : {}),
    energyweekdayschedule: version.energyWeekdaySchedule,
    energyweekendschedule: version.energyWeekendSchedule,
  };
  const tiers = (list: Tier[], unit: string) =>
    list.map((tier) => ({
      ...(tier.max !== undefined ? { max: Number(tier.max) } : {}),
      unit,
      rate: Number(tier.rate),
    }));
  const energy = version.rates.filter((r) => r.type === 'COST_PER_UNIT');
  if (energy.length > 1)
    notExported.push(`${energy.length - 1} energy rate(s) beyond the first (URDB has one energy structure)`);
  const first = energy[0];
  if (first && first.type === 'COST_PER_UNIT') {
    const periods = Math.max(...first.periods.map((p) => p.period)) + 1;
    rate.energyratestructure = Array.from({ length: periods }, (_, p) => {
      const found = first.periods.find((x) => x.period === p);
      return found
        ? tiers(found.tiers, first.tierLimit === 'day' ? 'kWh daily' : 'kWh')
        : [{ unit: 'kWh', rate: 0 }];
    });
  }
  for (const r of version.rates) {
    if (r.type === 'FIXED_PRICE') {
      rate.fixedchargefirstmeter = Number(
        new Dec(rate.fixedchargefirstmeter ? String(rate.fixedchargefirstmeter) : '0')
          .plus(r.amount)
          .toFixed(),
      );
      rate.fixedchargeunits = r.per === 'day' ? '$/day' : '$/month';
    } else if (r.type === 'MINIMUM' && r.per === 'year') {
      rate.annualmincharge = Number(r.amount);
    } else if (r.type === 'MINIMUM') {
      rate.mincharge = Number(r.amount);
      rate.minchargeunits = '$/month';
    } else if (r.type === 'DEMAND' && r.basis !== 'metered') {
      notExported.push(`${r.rateName}: a demand charge on the account's ${r.basis} (URDB has no tags)`);
    } else if (r.type === 'DEMAND') {
      if (r.periods && version.demandWeekdaySchedule && version.demandWeekendSchedule) {
        const periods = Math.max(...r.periods.map((p) => p.period)) + 1;
        rate.demandratestructure = Array.from({ length: periods }, (_, p) => {
          const found = r.periods!.find((x) => x.period === p);
          return found ? tiers(found.tiers, 'kW') : [{ unit: 'kW', rate: 0 }];
        });
        rate.demandweekdayschedule = version.demandWeekdaySchedule;
        rate.demandweekendschedule = version.demandWeekendSchedule;
      }
      if (r.flat) {
        const structure = (rate.flatdemandstructure as unknown[] | undefined) ?? [];
        const months =
          (rate.flatdemandmonths as number[] | undefined) ?? Array.from({ length: 12 }, () => -1);
        structure.push(tiers(r.flat.tiers, 'kW'));
        const index = structure.length - 1;
        for (const m of r.flat.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) months[m - 1] = index;
        rate.flatdemandstructure = structure;
        rate.flatdemandmonths = months;
      }
    } else if (r.type === 'PERCENTAGE') {
      notExported.push(`${r.rateName} (a percentage charge: URDB has none)`);
    }
  }
  const months = rate.flatdemandmonths as number[] | undefined;
  if (months?.some((m) => m < 0)) {
    // Months without a flat demand charge get a zero-rate period.
    (rate.flatdemandstructure as unknown[]).push([{ unit: 'kW', rate: 0 }]);
    const zero = (rate.flatdemandstructure as unknown[]).length - 1;
    rate.flatdemandmonths = months.map((m) => (m < 0 ? zero : m));
  }
  return { rate, notExported };
}
