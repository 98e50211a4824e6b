/**
 * Intervalization: an account's summary usages turned into hourly estimated readings by its
 * load profile, the metered hours of its meter left out. Queuing stores a row
 * `awaiting_intervalization` at once when what the estimates are made from changed (their
 * digest); the work runs in the background, period by period, its progress kept on the row.
 */
import { createHash } from 'node:crypto';

import { DateTime } from 'luxon';

import {
  intervalizePeriod,
  IntervalizationError,
  scaledWeights,
  type SummaryPeriod,
} from '../engine/intervalize';
import {
  activeMeteredAccountIds,
  latestIntervalization,
  markIntervalizationFailed,
  markIntervalized,
  markIntervalizing,
  queueIntervalizationRow,
  readAccountRecord,
  readProfile,
  readUsages,
  storePeriodEstimates,
  type AccountRecord,
} from '../store/account-repository';
import { readingsBetween } from '../store/readings-repository';
import type { Workspace } from '../store/workspace';

interface IntervalizationInputs {
  periods: SummaryPeriod[];
  profileCode: string | null;
  profileSha: string | null;
  meterId: string | null;
  zone: string;
  metered: Map<number, bigint>;
  sha256: string;
}

function sha256Of(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** What an account's estimates are made from, and its digest (equal digests, equal estimates). */
async function intervalizationInputs(
  workspace: Workspace,
  record: AccountRecord,
): Promise<IntervalizationInputs> {
  const { timezone: zone } = await workspace.settings();
  const usages = await readUsages(workspace.db, record.id);
  const profile = record.load_profile ? await readProfile(workspace.db, record.load_profile) : null;
  const metered = new Map<number, bigint>();
  if (record.meter_id)
    for (const u of usages) {
      const from = DateTime.fromISO(u.starts_on, { zone }).toSeconds();
      const to = DateTime.fromISO(u.ends_on, { zone }).plus({ days: 1 }).toSeconds();
      for (const r of await readingsBetween(workspace.db, record.meter_id, from, to)) {
        const hour = r.startUtc - ((((r.startUtc - from) % 3600) + 3600) % 3600);
        metered.set(hour, (metered.get(hour) ?? 0n) + BigInt(r.energyMilliWh));
      }
    }
  const periods = usages.map((u) => ({
    startsOn: u.starts_on,
    endsOn: u.ends_on,
    volumeMilliWh: BigInt(u.volume_milliwh),
  }));
  const profileSha = profile ? sha256Of([profile.shape, profile.weights]) : null;
  const sha256 = sha256Of({
    periods: usages,
    profile: record.load_profile,
    profileSha,
    meter: record.meter_id,
    zone,
    metered: [...metered.entries()].sort((a, b) => a[0] - b[0]).map(([t, e]) => [t, e.toString()]),
  });
  return {
    periods,
    profileCode: record.load_profile,
    profileSha,
    meterId: record.meter_id,
    zone,
    metered,
    sha256,
  };
}

/**
 * Queues an intervalization when what the estimates are made from changed: a row
 * `awaiting_intervalization` now (inside the caller's view of the account), the work in
 * the background. Returns whether one was queued.
 */
export async function queueIntervalization(
  workspace: Workspace,
  accountId: string,
  force = false,
): Promise<boolean> {
  const record = await readAccountRecord(workspace.db, accountId);
  if (!record) return false;
  const inputs = await intervalizationInputs(workspace, record);
  if (inputs.periods.length === 0) return false;
  const latest = await latestIntervalization(workspace.db, accountId);
  if (!force && latest && latest.inputs_sha256 === inputs.sha256 && latest.status !== 'intervalization_error')
    return false;
  const id = await workspace.db.write((tx) =>
    queueIntervalizationRow(tx, {
      account_id: accountId,
      inputs_sha256: inputs.sha256,
      profile_code: inputs.profileCode,
      meter_id: inputs.meterId,
      periods: inputs.periods.length,
      started_utc: Math.floor(Date.now() / 1000),
    }),
  );
  workspace.background(() => runIntervalization(workspace, id, inputs));
  return true;
}

/**
 * After readings changed (an import landed on `meterIds`, or one was undone): accounts whose meter's metered
 * hours fall in their summary periods are intervalized again when what their estimates are
 * made from changed. Returns the accounts queued.
 */
export async function refreshIntervalizations(workspace: Workspace, meterIds?: string[]): Promise<string[]> {
  if (meterIds && meterIds.length === 0) return [];
  const accounts = await activeMeteredAccountIds(workspace.db, meterIds);
  const queued: string[] = [];
  for (const id of accounts) if (await queueIntervalization(workspace, id)) queued.push(id);
  return queued;
}

/** The background job: each period in turn, its estimates stored, progress kept on the row. */
async function runIntervalization(
  workspace: Workspace,
  id: number,
  inputs: IntervalizationInputs,
): Promise<void> {
  const db = workspace.db;
  await db.write((tx) => markIntervalizing(tx, id));
  try {
    if (!inputs.profileCode) throw new IntervalizationError('the account has no load profile');
    const profile = await readProfile(db, inputs.profileCode);
    if (!profile) throw new IntervalizationError(`load profile ${inputs.profileCode} does not exist`);
    const weights = scaledWeights(profile);
    let readings = 0;
    let meteredHours = 0;
    for (const [index, period] of inputs.periods.entries()) {
      const result = intervalizePeriod(period, profile, weights, inputs.zone, inputs.metered);
      readings += result.estimates.length;
      meteredHours += result.meteredHours;
      const estimates = result.estimates.map((e) => ({
        startUtc: e.startUtc,
        energyMilliWh: Number(e.energyMilliWh),
      }));
      await db.write((tx) =>
        storePeriodEstimates(tx, id, estimates, { periodsDone: index + 1, readings, meteredHours }),
      );
    }
    await db.write((tx) => markIntervalized(tx, id, Math.floor(Date.now() / 1000)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.write((tx) => markIntervalizationFailed(tx, id, message, Math.floor(Date.now() / 1000)));
  }
}
