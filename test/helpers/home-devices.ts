/** Homes in Los Angeles whose devices are sub-metered (seed 004, Tendril's cost & consumption). */
import { Workspace } from '../../main/store/workspace';

import { callOk, marketDefinition } from './temp-workspace';

export const LOS_ANGELES = 'America/Los_Angeles';

/** A new workspace named `name` in Los Angeles time, USD, CAISO prices, whose market is these consumers and device meters. */
export async function homesWorkspace(
  file: string,
  name: string,
  participants: Record<string, unknown>[],
  meters: Record<string, unknown>[],
): Promise<Workspace> {
  const workspace = await Workspace.create(file, {
    timezone: LOS_ANGELES,
    currency: 'USD',
    priceZone: 'CAISO',
  });
  await callOk(workspace, 'workspace:import-definition', {
    definition: marketDefinition(
      { name, timezone: LOS_ANGELES, currency: 'USD', priceZone: 'CAISO' },
      participants,
      meters,
    ),
  });
  return workspace;
}
