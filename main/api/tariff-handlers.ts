/**
 * Tariffs, accounts and the bill calculator (seed 001): saving a tariff
 * (checked whole), reading a URDB rate into one, and pricing an account's
 * usage — its metered consumption, or its grid residual from the latest
 * published settlement runs — between two dates.
 */
import { DateTime } from 'luxon';

import type { IntervalizationStatus } from '../../shared/account';
import type { Tariff } from '../../shared/tariff';
import { calculateCost, TariffError, type UsageInterval } from '../engine/tariff';
import { refuseInvalidTariff } from '../engine/tariff-check';
import { ApiError, invalidInput, notFound } from '../errors';
import { type EnergyLedgerIds, fromUrdb, UrdbError } from '../importers/urdb';
import { toUrdb } from '../importers/urdb-export';
import { readTags } from '../store/account-repository';
import { numbersOf, tariffPartNumbers } from '../store/code-numbers';
import { participantExists } from '../store/participant-directory';
import { readingsBetween } from '../store/readings-repository';
import { consumerLines, latestPublishedRun } from '../store/settlement-repository';
import {
  consumptionMeterIds,
  listAccounts,
  readAccount,
  readTariff,
  readTariffs,
  saveAccount,
  saveTariff,
} from '../store/tariff-repository';
import type { Workspace } from '../store/workspace';

import { calculatedCostAnswer, type TariffNumbers, usageAccuracy } from './calculated-cost-seed';
import type { Handlers } from './context';

type TariffHandlers = Pick<
  Handlers,
  | 'tariffs:list'
  | 'tariffs:save'
  | 'tariffs:import-urdb'
  | 'tariffs:export-urdb'
  | 'accounts:list'
  | 'accounts:save'
  | 'accounts:calculate'
>;

/** The integer ids of a tariff and its rates (every stored tariff has them: migration 0015, writeTariff). */
async function tariffNumbers(workspace: Workspace, tariff: Tariff): Promise<TariffNumbers> {
  const code = tariff.masterTariffId;
  const number = (await numbersOf(workspace.db, 'tariff', [code])).get(code);
  if (number === undefined) throw new Error(`tariff ${code} has no integer id`);
  return {
    tariff: number,
    versions: await tariffPartNumbers(workspace.db, 'tariff_version', code),
    rates: await tariffPartNumbers(workspace.db, 'tariff_rate', code),
  };
}

/** A date (the local midnight starting it) or an ISO time with its offset, as UTC seconds. */
function instant(text: string, zone: string, field: string): number {
  const parsed = /T/.test(text)
    ? DateTime.fromISO(text, { zone, setZone: false })
    : DateTime.fromISO(text, { zone });
  if (!parsed.isValid)
    throw invalidInput(`${field} is not a date or time`, { [field]: ['is not a date or an ISO 8601 time'] });
  return parsed.toSeconds();
}

/** The account's consumption meters summed interval by interval (a site's load, coincident for demand). */
async function meteredUsage(workspace: Workspace, participantId: string, from: number, to: number) {
  const meters = await consumptionMeterIds(workspace.db, participantId);
  const byInterval = new Map<string, UsageInterval>();
  for (const meter of meters) {
    for (const reading of await readingsBetween(workspace.db, meter, from, to)) {
      const key = `${reading.startUtc}|${reading.endUtc}`;
      const sum = byInterval.get(key) ?? {
        startUtc: reading.startUtc,
        endUtc: reading.endUtc,
        energyMilliWh: 0,
      };
      sum.energyMilliWh += reading.energyMilliWh;
      byInterval.set(key, sum);
    }
  }
  return [...byInterval.values()].sort((a, b) => a.startUtc - b.startUtc);
}

/** The consumer's hourly grid residual in each month's latest published settlement run. */
async function gridUsage(
  workspace: Workspace,
  participantId: string,
  from: number,
  to: number,
  zone: string,
) {
  const usage: UsageInterval[] = [];
  let month = DateTime.fromSeconds(from, { zone }).startOf('month');
  while (month.toSeconds() < to) {
    const run = await latestPublishedRun(workspace.db, month.toFormat('yyyy-MM'));
    if (run) {
      const start = Math.max(from, month.toSeconds());
      const end = Math.min(to, month.plus({ months: 1 }).toSeconds());
      const byHour = new Map<number, number>();
      for (const line of await consumerLines(workspace.db, run.id, 1, participantId, start, end))
        if (line.kind === 'grid')
          byHour.set(line.hour_start_utc, (byHour.get(line.hour_start_utc) ?? 0) + line.energy_milliwh);
      for (const [hour, energy] of byHour)
        usage.push({ startUtc: hour, endUtc: hour + 3600, energyMilliWh: energy });
    }
    month = month.plus({ months: 1 });
  }
  return usage.sort((a, b) => a.startUtc - b.startUtc);
}

export const tariffHandlers: TariffHandlers = {
  async 'tariffs:list'({ workspace }) {
    return readTariffs(workspace.db);
  },

  async 'tariffs:save'({ workspace }, input) {
    refuseInvalidTariff(input.tariff);
    await saveTariff(workspace.db, input.tariff, 'json');
    return { tariff: input.tariff, source: 'json' as const, unsupported: [] };
  },

  async 'tariffs:import-urdb'({ workspace }, input) {
    let read;
    try {
      read = fromUrdb(input.rate, input.currency ? { currency: input.currency } : {});
    } catch (error) {
      if (error instanceof UrdbError)
        throw invalidInput(
          `the URDB rate ${error.message}; nothing was stored`,
          Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`rate.${k}`, v])),
        );
      throw error;
    }
    refuseInvalidTariff(read.tariff);
    await saveTariff(workspace.db, read.tariff, 'urdb', read.unsupported, read.ids);
    return { tariff: read.tariff, source: 'urdb' as const, unsupported: read.unsupported, notes: read.notes };
  },

  async 'tariffs:export-urdb'({ workspace }, input) {
    const tariff = await readTariff(workspace.db, input.masterTariffId);
    if (!tariff) throw notFound(`tariff "${input.masterTariffId}" does not exist`);
    if (!tariff.versions[input.version])
      throw invalidInput(`tariff ${input.masterTariffId} has no version ${input.version}`, {
        version: ['does not exist'],
      });
    const { rate, notExported } = toUrdb(tariff, input.version);
    // Both names of the tariff and its rates travel with the rate (fromUrdb keeps them).
    const numbers = await tariffNumbers(workspace, tariff);
    const ids: EnergyLedgerIds = {
      masterTariffId: numbers.tariff,
      masterTariffCode: tariff.masterTariffId,
      tariffId: numbers.versions.get(tariff.versions[input.version]!.tariffId)!,
      tariffCode: tariff.versions[input.version]!.tariffId,
      rates: [...new Set(tariff.versions[input.version]!.rates.map((r) => r.tariffRateId))].map((code) => ({
        tariffRateId: numbers.rates.get(code)!,
        tariffRateCode: code,
      })),
    };
    return { rate: { ...rate, energy_ledger: ids }, notExported };
  },

  async 'accounts:list'({ workspace }) {
    const rows = await listAccounts(workspace.db);
    return rows.map((r) => ({
      accountId: r.id,
      participantId: r.participant_id,
      masterTariffId: r.master_tariff_id,
      name: r.name,
      accountNumber: r.account_number,
      utility: r.utility,
      loadZone: r.load_zone,
      status: r.status,
      intervalizationProgress: r.progress,
      intervalizationStatus: (r.usages === 0
        ? 'usageless'
        : (r.latest ?? 'awaiting_intervalization')) as IntervalizationStatus,
    }));
  },

  async 'accounts:save'({ workspace }, input) {
    if (!(await participantExists(workspace.db, input.participantId)))
      throw invalidInput(`participant "${input.participantId}" does not exist`, {
        participantId: ['is not a participant of this workspace'],
      });
    if (!(await readTariff(workspace.db, input.masterTariffId)))
      throw invalidInput(`tariff "${input.masterTariffId}" does not exist`, {
        masterTariffId: ['is not a tariff of this workspace'],
      });
    await workspace.db.write((tx) =>
      saveAccount(tx, {
        id: input.accountId,
        participant_id: input.participantId,
        master_tariff_id: input.masterTariffId,
        name: input.name ?? null,
      }),
    );
    return {
      accountId: input.accountId,
      participantId: input.participantId,
      masterTariffId: input.masterTariffId,
      name: input.name ?? null,
    };
  },

  async 'accounts:calculate'({ workspace }, input) {
    const account = await readAccount(workspace.db, input.accountId);
    if (!account) throw notFound(`account "${input.accountId}" does not exist`);
    const masterTariffId = input.masterTariffId ?? account.master_tariff_id;
    if (!masterTariffId)
      throw invalidInput(`account ${input.accountId} is billed on no tariff: give masterTariffId`, {
        masterTariffId: ['is required: the account names no tariff'],
      });
    const participantId = account.participant_id;
    if (!participantId)
      throw invalidInput(
        `account ${input.accountId} belongs to no participant, so it has no usage to price`,
        {
          participant_id: ["can't be blank"],
        },
      );
    const tariff = await readTariff(workspace.db, masterTariffId);
    if (!tariff)
      throw invalidInput(`tariff "${masterTariffId}" does not exist`, {
        masterTariffId: ['is not a tariff of this workspace'],
      });
    const zone = tariff.timezone ?? (await workspace.settings()).timezone;
    const from = instant(input.fromDateTime, zone, 'fromDateTime');
    const to = instant(input.toDateTime, zone, 'toDateTime');
    if (to <= from)
      throw invalidInput('toDateTime must be after fromDateTime', {
        toDateTime: ['must be after fromDateTime'],
      });
    const usage =
      input.usage === 'grid'
        ? await gridUsage(workspace, participantId, from, to, zone)
        : await meteredUsage(workspace, participantId, from, to);
    if (usage.length === 0)
      throw invalidInput(
        `account ${input.accountId} has no ${input.usage === 'grid' ? 'settled grid energy' : 'metered usage'} between ${input.fromDateTime} and ${input.toDateTime}`,
        { fromDateTime: ['has no usage in the range'] },
      );
    try {
      const tags = await readTags(workspace.db, input.accountId);
      const tagsOf = (kind: 'capacity' | 'transmission') =>
        tags
          .filter((t) => t.kind === kind)
          .map((t) => ({ startDate: t.start_date, endDate: t.end_date, kw: t.value_kw }));
      const result = calculateCost(tariff, usage, {
        from,
        to,
        zone,
        tags: { capacity: tagsOf('capacity'), transmission: tagsOf('transmission') },
        detailLevel: input.detailLevel,
        groupBy: input.groupBy,
      });
      return calculatedCostAnswer(
        result,
        usageAccuracy(usage, from, to),
        await tariffNumbers(workspace, tariff),
      );
    } catch (error) {
      if (error instanceof TariffError) throw invalidInput(error.message, { [error.field]: [error.message] });
      if (error instanceof ApiError) throw error;
      throw error;
    }
  },
};
