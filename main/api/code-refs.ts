/**
 * Requests name tariffs, accounts, meters and meter groups by their readable code or by their
 * stable integer id (issue 19; migration 0015): the seed documents' clients send integers
 * (`/rest/v1/accounts/114468/calculate`), Energy Ledger's own screens send codes. Before an
 * operation's input is validated, each reference this table names is turned into its code, so
 * the handlers only ever see codes. A JSON number is an integer id; a string is a code, or,
 * when it is all digits and no code of that text exists, an integer id (a URL path carries
 * only text). A reference that names nothing stored is passed on as text, for the handler to
 * refuse by name ("account "114468" does not exist").
 */
import { type GlobalKind, resolveCode } from '../store/code-numbers';
import type { Store } from '../store/store';

/** Where each operation's input names a reference: dotted paths, `[]` for every element of a list. */
const CODE_REFS: Partial<Record<string, Record<string, GlobalKind>>> = {
  'tariffs:export-urdb': { masterTariffId: 'tariff' },
  'accounts:save': { accountId: 'account', masterTariffId: 'tariff' },
  'accounts:calculate': { accountId: 'account', masterTariffId: 'tariff' },
  'accounts:create': { 'account.master_tariff_id': 'tariff', 'account.meter_id': 'meter' },
  'accounts:get': { id: 'account' },
  'accounts:update': { id: 'account', 'account.master_tariff_id': 'tariff', 'account.meter_id': 'meter' },
  'accounts:intervalize': { id: 'account' },
  'accounts:shadow-prices': { id: 'account' },
  'meter-groups:save': { groupId: 'meter_group', 'meterIds[]': 'meter' },
  'virtual-meters:save': {
    meterId: 'meter',
    'meter.versions[].use.readingsFromChannel.meterId': 'meter',
    'meter.versions[].use.readingsFromChannel.channelId': 'channel',
    'meter.versions[].use.readingsFromChannel.channelCode': 'channel',
    'meter.versions[].use.copyUseFromMeter.meterId': 'meter',
    'meter.versions[].use.useCalculation.sum.sumMeters[]': 'meter',
    'meter.versions[].use.useCalculation.sum.sumMeterGroups[]': 'meter_group',
    'meter.versions[].use.useCalculation.subtract.subtractMeters[]': 'meter',
    'meter.versions[].use.useCalculation.subtract.subtractMeterGroups[]': 'meter_group',
  },
  'virtual-meters:remove': { meterId: 'meter' },
  'virtual-meters:preview': { meterId: 'meter' },
  'meters:calculated-use': { accountId: 'account', meterId: 'meter' },
  'meters:set-settles': { meterId: 'meter' },
  'consumption:device': { accountId: 'account', deviceId: 'meter' },
};

/** The operations and input paths that take an integer id in place of a code (for docs/api.md's test). */
export function codeReferences(): Readonly<Partial<Record<string, Record<string, GlobalKind>>>> {
  return CODE_REFS;
}

type Slot = { holder: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in `input` a path names (none when the path leads nowhere). */
function slots(input: unknown, path: string): Slot[] {
  const steps = path.split('.');
  let holders: unknown[] = [input];
  const found: Slot[] = [];
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    const each = step.endsWith('[]');
    const key = each ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const holder of holders) {
      if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) continue;
      const record = holder as Record<string, unknown>;
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (each) {
        if (!Array.isArray(value)) continue;
        if (last) value.forEach((_, i) => found.push({ holder: value, key: i }));
        else next.push(...value);
      } else if (last) found.push({ holder: record, key });
      else next.push(value);
    }
    holders = next;
  });
  return found;
}

/**
 * The input with each reference turned into its code (a copy: the caller's object is left as
 * it was). Only the few paths above are read, and each reference costs one indexed lookup.
 */
export async function resolveCodeRefs(
  db: Pick<Store, 'all'>,
  operation: string,
  input: unknown,
): Promise<unknown> {
  const refs = CODE_REFS[operation];
  if (!refs || typeof input !== 'object' || input === null) return input;
  const copy = structuredClone(input) as Record<string, unknown>;
  for (const [path, kind] of Object.entries(refs)) {
    for (const { holder, key } of slots(copy, path)) {
      const value = (holder as Record<string | number, unknown>)[key];
      if (typeof value !== 'number' && typeof value !== 'string') continue;
      if (value === '' || (typeof value === 'string' && value.length > 200)) continue;
      const code = await resolveCode(db, kind, value);
      (holder as Record<string | number, unknown>)[key] = code ?? String(value);
    }
  }
  // Seed 003 names a physical meter's readings by its channel; Energy Ledger keeps the meter.
  for (const { holder, key } of slots(copy, 'meter.versions[].use.readingsFromChannel')) {
    const channel = (holder as Record<string, unknown>)[key as string];
    if (typeof channel !== 'object' || channel === null) continue;
    const reading = channel as Record<string, unknown>;
    const named = reading.meterId ?? reading.channelId ?? reading.channelCode;
    if (named !== undefined) reading.meterId = named;
    delete reading.channelId;
    delete reading.channelCode;
  }
  return copy;
}
