/**
 * The PJM accounts workspace of seed 002 (Truelight accounts): one consumer site in New York
 * time, USD, priced in load zone APS-PA, with the load profile and utility reference data the
 * seed's account names, and the seed's own account as its create request sends it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';

import { callOk, marketDefinition } from './temp-workspace';

export const PJM_ZONE = 'America/New_York';

/** The account of seed 002's create request, as the seed sends it. */
export const seedAccount = {
  account_number: 'abc123',
  rep: 'xyz',
  location: '11 Beacon St.',
  city: 'Philadelphia',
  state: 'PA',
  load_zone: 'APS-PA',
  utility: 'WPP',
  load_profile: 'GPC',
  voltage: 'Primary',
  rate_class: '10',
  summary_usages_attributes: [{ starts_on: '2018-10-1', ends_on: '2018-10-31', volume_kwh: '925.24' }],
  capacity_tags_attributes: [{ start_date: '2018-6-1', end_date: '2019-5-31', value_kw: '60000' }],
  transmission_tags_attributes: [{ start_date: '2018-1-1', end_date: '2018-12-31', value_kw: '100000' }],
};

/** One hour of seed 002's shadow prices (per MWh): the LMP given, the seed's other components, and their total. */
export function shadowPriceHour(priceDate: string, hour: number, lmp: string) {
  const components = {
    lmp_price: lmp,
    ancillaries_price: '1.7129',
    capacity_price: '0.1628',
    losses_price: '2.1541248',
    rps_price: '0.261',
    transmission_price: '0.1653',
    transmission_ancillaries_price: '-0.0086',
  };
  const total = Object.values(components).reduce((sum, value) => sum.plus(value), new Dec(0));
  return { price_date: priceDate, hour, ...components, total_price_per_mwh: total.toFixed() };
}

/** A new "PJM accounts" workspace: site-1 and its meter, load profile GPC and utility WPP (zone APS-PA, classes 10/20). */
export async function pjmAccountsWorkspace(file: string): Promise<Workspace> {
  const settings = { name: 'PJM accounts', timezone: PJM_ZONE, currency: 'USD', priceZone: 'APS-PA' };
  const workspace = await Workspace.create(file, settings);
  await callOk(workspace, 'workspace:import-definition', {
    definition: marketDefinition(
      settings,
      [{ id: 'site-1', name: 'Beacon St. site', role: 'consumer' }],
      [{ id: 'site-1-main', participantId: 'site-1', direction: 'consumption' }],
    ),
  });
  // GPC: the shipped small-office shape under the utility's profile name.
  const office = readFileSync(
    path.join('data', 'load-profiles', 'crb8760_norm_SanFrancisco_SmallOffice.dat'),
    'utf8',
  );
  await callOk(workspace, 'load-profiles:save', {
    code: 'GPC',
    name: 'General purpose commercial',
    csv: office,
  });
  await callOk(workspace, 'reference:save', {
    reference: {
      utilities: [
        {
          code: 'WPP',
          name: 'West Penn Power',
          load_zones: ['APS-PA'],
          rate_classes: ['10', '20'],
          voltages: ['Primary', 'Secondary'],
          load_profiles: ['GPC', 'SF-Warehouse'],
        },
      ],
    },
  });
  return workspace;
}
