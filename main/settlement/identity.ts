/**
 * A run's identity: sha256 of the engine version, the options and the content of every input
 * the run used (hourly nets per participant, gaps, memberships, offer terms, grid prices,
 * market prices, tariffs). Settling unchanged inputs gives the same identity; any change of
 * inputs, options or engine version gives a new one. Also what each part of the inputs' digest
 * stands for (INPUT_NAMES), and the identity a month settled now would have.
 */
import { createHash } from 'node:crypto';

import { ENGINE_VERSION } from '../engine/settle-period';
import type { Workspace } from '../store/workspace';

import { byId, gatherInputs, type Inputs } from './gather-inputs';
import { resolveTerms, type Terms } from './price';

/** What each part of a run's input digest stands for, in words an auditor reads. */
export const INPUT_NAMES: Record<string, string> = {
  month: 'the month',
  timezone: 'the market timezone',
  currency: 'the currency',
  nets: 'meter readings (each participant’s net energy per hour)',
  gaps: 'missing readings (hours with gaps)',
  memberships: 'pool membership and allocation keys',
  offers: 'offer plans (prices, open market, feed-in)',
  gridPrices: 'utility plans (hourly grid prices)',
  marketPrices: 'market prices',
  tariffs: 'tariffs',
};

export function digest(value: unknown): string {
  return createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex');
}

/** The digest of every input a run of `month` uses (the manifest's `inputs`). */
export function digestInputs(month: string, inputs: Inputs, terms: Terms) {
  const { memberships, offers, gridRates, tariffs } = terms;
  return {
    month,
    timezone: inputs.timezone,
    currency: inputs.definition.settings.currency,
    nets: digest(inputs.meterTypes.map((t) => inputs.nets.get(t)!.map((row) => Array.from(row)))),
    gaps: digest(inputs.meterTypes.map((t) => Array.from(inputs.gaps.get(t)!))),
    memberships: digest(memberships),
    offers: digest(
      offers.map((row) =>
        row.map((o) => (o ? [o.price.text, o.sellsToMarket, o.floor.text, o.feedIn.text] : null)),
      ),
    ),
    gridPrices: digest(gridRates.map((row) => row.map((rates) => rates?.map((r) => r.text) ?? null))),
    marketPrices: digest(inputs.marketPrices.map((p) => p?.text ?? null)),
    tariffs: digest([...tariffs.values()].sort((a, b) => byId(a.masterTariffId, b.masterTariffId))),
  };
}

/** A run's identity: the engine version, the options (as stored) and the inputs' digest. */
export const runIdentity = (optionsJson: string, inputsDigest: ReturnType<typeof digestInputs>) =>
  digest({ engineVersion: ENGINE_VERSION, options: optionsJson, inputs: inputsDigest });

/**
 * The identity a run of `month` settled now with `allowGaps` would have, computed the way
 * settleMonth computes it (the same inputs, terms and digest) without allocating any hour or
 * storing anything; with the inputs' digest and the imports behind them, to name what changed.
 */
export async function currentRunIdentity(workspace: Workspace, month: string, allowGaps: boolean) {
  const inputs = await gatherInputs(workspace, month);
  const terms = await resolveTerms(workspace.db, month, inputs);
  const inputsDigest = digestInputs(month, inputs, terms);
  return {
    identity: runIdentity(JSON.stringify({ allowGaps }), inputsDigest),
    inputs: inputsDigest,
    sources: inputs.sources,
    engineVersion: ENGINE_VERSION,
  };
}
