/**
 * The names of the contract's operations as a plain list, with no schema
 * library attached, so the Electron preload (which runs sandboxed and should
 * stay tiny) can build `window.api` from exactly these names. shared/contract/
 * checks at compile time that this list and the contract agree.
 */
export const operationNames = [
  'workspace:summary',
  'workspace:get',
  'workspace:import-definition',
  'workspace:save-definition',
  'workspace:open',
  'workspace:create',
  'workspaces:recent',
  'participants:list',
  'meters:list',
  'meters:readings',
  'market-prices:list',
  'imports:list',
  'imports:file',
  'imports:remove',
  'import-profiles:list',
  'import-profiles:save',
  'tariffs:list',
  'tariffs:save',
  'tariffs:import-urdb',
  'tariffs:export-urdb',
  'accounts:list',
  'accounts:save',
  'accounts:calculate',
  'reference:get',
  'reference:save',
  'load-profiles:list',
  'load-profiles:save',
  'accounts:create',
  'accounts:get',
  'accounts:update',
  'accounts:intervalize',
  'accounts:shadow-prices',
  'meter-groups:list',
  'meter-groups:save',
  'virtual-meters:list',
  'virtual-meters:save',
  'virtual-meters:remove',
  'virtual-meters:preview',
  'meters:calculated-use',
  'meters:set-settles',
  'consumption:device',
  'audit:list',
  'runs:diff',
  'months:list',
  'months:readiness',
  'months:close',
  'runs:accept',
  'audit-pack:get',
  'lineage:get',
  'statements:get',
  'statements:file',
  'statements:account',
  'statements:account-file',
  'receivables:list',
  'settlement:settle',
  'settlement:status',
  'runs:list',
  'payments:record',
  'payments:list',
  'payments:undo',
  'consumer:overview',
  'consumer:days',
  'consumer:hours',
  'consumer:daily-tracking',
  'consumer:year',
  'prosumer:transactions',
  'prosumer:distribution',
  'prosumer:breakdown',
  'prosumer:revenue',
  'prosumer:payments',
  'prosumer:daily-tracking',
] as const;

export type OperationName = (typeof operationNames)[number];

/** IPC channel of an operation: one channel per operation, never a generic invoke. */
export function ipcChannelOf(name: OperationName): string {
  return `api:${name}`;
}

export const importProgressChannel = 'event:import-progress';
export const settleProgressChannel = 'event:settle-progress';
