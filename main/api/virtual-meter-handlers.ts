/**
 * Virtual meters and meter groups (seed 003): saving a definition (checked with
 * every other one: references, cycles, shares over 100 %, energy counted twice),
 * previewing a meter's computed use against its sources, and the seed's
 * `GET /api/accounts/{accountId}/meters/{meterId}/calculated-use/{versionId}`.
 */
import { DateTime } from 'luxon';

import { zodFieldErrors } from '../../shared/definition';
import { daysRangeUtc, formatSeedUtc, hourStarts } from '../../shared/time';
import { Dec } from '../../shared/units';
import { MeterGroup, VirtualMeter, type UseDefinition } from '../../shared/virtual-meter';
import { checkVirtualMeters, references } from '../engine/virtual-meters';
import { ApiError, invalidInput, notFound, refuseFields as refuse } from '../errors';
import { useEvaluator } from '../settlement/meter-use';
import { readAccountRecord } from '../store/account-repository';
import { numbersOf } from '../store/code-numbers';
import { meterCommodity, setMeterSettles } from '../store/meter-repository';
import { participantExists } from '../store/participant-directory';
import {
  countRunsNamingMeter,
  deleteVirtualMeter,
  readVirtualSetup,
  writeMeterGroup,
  writeVirtualMeter,
  type VirtualSetup,
} from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './context';

type VirtualHandlers = Pick<
  Handlers,
  | 'meter-groups:list'
  | 'meter-groups:save'
  | 'virtual-meters:list'
  | 'virtual-meters:save'
  | 'virtual-meters:remove'
  | 'virtual-meters:preview'
  | 'meters:calculated-use'
  | 'meters:set-settles'
>;

/** Refuses a setup that does not hold together (named fields), before anything is stored. */
export function refuseInvalidSetup(what: string, setup: VirtualSetup): void {
  const errors = checkVirtualMeters(setup.virtual, setup.groups, setup.physical);
  if (Object.keys(errors).length > 0) refuse(what, errors);
}

const kwh = (mWh: number) => new Dec(mWh).dividedBy(1_000_000).toFixed();

/** The integer ids of the workspace's meters, channels and meter groups, by code. */
interface SetupNumbers {
  meter: (code: string) => number;
  channel: (code: string) => number;
  group: (code: string) => number;
}

async function setupNumbers(workspace: Workspace, setup: VirtualSetup): Promise<SetupNumbers> {
  const meters = [...setup.physical.map((m) => m.id), ...setup.virtual.map((m) => m.id)];
  const lookup = async (kind: 'meter' | 'channel' | 'meter_group', codes: string[]) => {
    const found = await numbersOf(workspace.db, kind, codes);
    return (code: string) => {
      const number = found.get(code);
      if (number === undefined) throw new Error(`${kind.replace('_', ' ')} ${code} has no integer id`);
      return number;
    };
  };
  return {
    meter: await lookup('meter', meters),
    channel: await lookup(
      'channel',
      setup.physical.map((m) => m.id),
    ),
    group: await lookup(
      'meter_group',
      setup.groups.map((g) => g.id),
    ),
  };
}

/** A meter as seed 003's meter references show it: its integer id, its code beside it. */
function meterRef(setup: VirtualSetup, numbers: SetupNumbers, meterId: string) {
  const virtual = setup.virtual.find((m) => m.id === meterId);
  const physical = setup.physical.find((m) => m.id === meterId);
  const splitParent = setup.virtual.some((m) =>
    m.versions.some((v) => 'copyUseFromMeter' in v.use && v.use.copyUseFromMeter.meterId === meterId),
  );
  return {
    active: true,
    commodity: { commodityCode: 'ELECTRIC', commodityInfo: 'Electricity' },
    isCalculatedMeter: Boolean(virtual),
    isEsaCalculatedMeter: false,
    isSplitChildMeter: Boolean(virtual?.versions.some((v) => 'copyUseFromMeter' in v.use)),
    isSplitParentMeter: splitParent,
    meterCode: meterId,
    meterId: numbers.meter(meterId),
    meterInfo: virtual?.name ?? meterId,
    meterType: {
      meterTypeCode: virtual ? 'VIRTUAL' : 'PHYSICAL',
      meterTypeInfo: virtual ? 'Virtual meter' : 'Physical meter',
    },
    serialNumber: physical ? meterId : '',
  };
}

/** A version's use in seed 003's CalculatedBillUseResponse shape (the kinds it does not use are null). */
function calculatedUseResponse(setup: VirtualSetup, numbers: SetupNumbers, use: UseDefinition) {
  const groupRef = (id: string) => {
    const g = setup.groups.find((x) => x.id === id)!;
    return {
      meterGroupId: numbers.group(id),
      meterGroupCode: id,
      meterGroupInfo: g?.name ?? id,
      meters: (g?.meterIds ?? []).map((m) => meterRef(setup, numbers, m)),
    };
  };
  return {
    calendarizedUseCalculation: null,
    copyUseFromMeter:
      'copyUseFromMeter' in use
        ? {
            meter: meterRef(setup, numbers, use.copyUseFromMeter.meterId),
            percentage: Number(use.copyUseFromMeter.percentage),
          }
        : null,
    fixedAmount:
      'fixedAmount' in use
        ? {
            amount: Number(use.fixedAmount.amount),
            unit: {
              unitCode: use.fixedAmount.unit,
              unitId: { Wh: 1, kWh: 2, MWh: 3 }[use.fixedAmount.unit],
              unitInfo: use.fixedAmount.unit,
            },
            per: use.fixedAmount.per,
          }
        : null,
    readingsFromChannel:
      'readingsFromChannel' in use
        ? {
            channelCode: use.readingsFromChannel.meterId,
            channelId: numbers.channel(use.readingsFromChannel.meterId),
            interval: 60,
            rule: {
              observationRuleCode: 'SUM',
              observationRuleId: 1,
              observationRuleInfo: 'Summed into hours',
            },
            type: {
              credit: 0,
              nounCode: 'ENERGY',
              nounId: 1,
              observationTypeCode: 'kWh',
              observationTypeId: 1,
              observationTypeInfo: 'Energy (kWh)',
            },
          }
        : null,
    // The seed's other reading sources (ESA channels, Wattics data points): never used here, always present.
    readingsFromEsaChannel: null,
    readingsFromWatticsDataPoint: null,
    useCalculation:
      'useCalculation' in use
        ? {
            subtract: {
              subtractMeterGroups: use.useCalculation.subtract.subtractMeterGroups.map(groupRef),
              subtractMeters: use.useCalculation.subtract.subtractMeters.map((m) =>
                meterRef(setup, numbers, m),
              ),
            },
            sum: {
              sumMeterGroups: use.useCalculation.sum.sumMeterGroups.map(groupRef),
              sumMeters: use.useCalculation.sum.sumMeters.map((m) => meterRef(setup, numbers, m)),
            },
          }
        : null,
  };
}

export const virtualMeterHandlers: VirtualHandlers = {
  async 'meter-groups:list'({ workspace }) {
    return (await readVirtualSetup(workspace.db)).groups;
  },

  async 'meter-groups:save'({ workspace }, input) {
    const parsed = MeterGroup.safeParse({ id: input.groupId, name: input.name, meterIds: input.meterIds });
    if (!parsed.success) refuse(`meter group ${input.groupId}`, zodFieldErrors(parsed.error));
    const setup = await readVirtualSetup(workspace.db);
    const groups = [...setup.groups.filter((g) => g.id !== parsed.data.id), parsed.data];
    refuseInvalidSetup(`meter group ${input.groupId}`, { ...setup, groups });
    await workspace.db.write((tx) => writeMeterGroup(tx, parsed.data));
    return parsed.data;
  },

  async 'virtual-meters:list'({ workspace }) {
    return (await readVirtualSetup(workspace.db)).virtual;
  },

  async 'virtual-meters:save'({ workspace }, input) {
    const parsed = VirtualMeter.safeParse({ ...(input.meter as object), id: input.meterId });
    if (!parsed.success) refuse(`virtual meter ${input.meterId}`, zodFieldErrors(parsed.error));
    const meter = parsed.data;
    if (!(await participantExists(workspace.db, meter.participantId)))
      refuse(`virtual meter ${meter.id}`, { participantId: ['is not a participant of this workspace'] });
    const setup = await readVirtualSetup(workspace.db);
    const virtual = [...setup.virtual.filter((m) => m.id !== meter.id), meter];
    refuseInvalidSetup(`virtual meter ${meter.id}`, { ...setup, virtual });
    await workspace.db.write((tx) => writeVirtualMeter(tx, meter));
    return meter;
  },

  async 'virtual-meters:remove'({ workspace }, input) {
    const setup = await readVirtualSetup(workspace.db);
    if (!setup.virtual.some((m) => m.id === input.meterId))
      throw notFound(`virtual meter "${input.meterId}" does not exist`);
    const virtual = setup.virtual.filter((m) => m.id !== input.meterId);
    const users = virtual.filter((m) =>
      m.versions.some((v) =>
        references(v.use, new Map(setup.groups.map((g) => [g.id, g]))).some(
          (r) => r.meterId === input.meterId,
        ),
      ),
    );
    const groups = setup.groups.filter((g) => g.meterIds.includes(input.meterId));
    if (users.length || groups.length)
      throw new ApiError(
        'conflict',
        `virtual meter ${input.meterId} is used by ${[...users.map((m) => `meter ${m.id}`), ...groups.map((g) => `group ${g.id}`)].join(', ')}; change those first`,
      );
    const runsNamingIt = await countRunsNamingMeter(workspace.db, input.meterId);
    await workspace.db.write((tx) => deleteVirtualMeter(tx, input.meterId));
    return { meterId: input.meterId, removed: true, runsNamingIt };
  },

  async 'virtual-meters:preview'({ workspace }, input) {
    const setup = await readVirtualSetup(workspace.db);
    const meter = setup.virtual.find((m) => m.id === input.meterId);
    if (!meter) throw notFound(`virtual meter "${input.meterId}" does not exist`);
    const { timezone } = await workspace.settings();
    const { start, end } = daysRangeUtc(input.from, input.to, timezone);
    if (end - start > 366 * 86400)
      throw invalidInput('the preview covers at most a year', { to: ['is more than a year after from'] });
    const hours = hourStarts(start, end);
    const evaluator = useEvaluator(workspace.db, setup, hours, timezone);
    const use = await evaluator.use(meter.id);
    const groups = new Map(setup.groups.map((g) => [g.id, g]));
    const sourceIds = [
      ...new Set(meter.versions.flatMap((v) => references(v.use, groups).map((r) => r.meterId))),
    ];
    const sources = [];
    for (const id of sourceIds) {
      const s = await evaluator.use(id);
      sources.push({
        meterId: id,
        kWh: Array.from(s.values, (v) => kwh(v)),
        totalKWh: kwh(s.values.reduce((a, b) => a + b, 0)),
      });
    }
    return {
      meterId: meter.id,
      timezone,
      hours: hours.map((h, i) => ({
        startDate: formatSeedUtc(h),
        localHour: DateTime.fromSeconds(h, { zone: timezone }).toISO({ suppressMilliseconds: true })!,
        kWh: kwh(use.values[i]!),
        gap: use.gaps[i] === 1,
      })),
      totalKWh: kwh(use.values.reduce((a, b) => a + b, 0)),
      sources,
      negativeHours: (evaluator.negativeHours.get(meter.id) ?? []).map((h) => formatSeedUtc(h)),
    };
  },

  async 'meters:calculated-use'({ workspace }, input) {
    const setup = await readVirtualSetup(workspace.db);
    const virtual = setup.virtual.find((m) => m.id === input.meterId);
    const physical = setup.physical.find((m) => m.id === input.meterId);
    if (!virtual && !physical) throw notFound(`meter "${input.meterId}" does not exist`);
    const owner = virtual?.participantId ?? physical!.participantId;
    // The account: one of the workspace's accounts (on the meter's participant or meter), or the participant itself.
    const account = await readAccountRecord(workspace.db, input.accountId);
    const onAccount = account
      ? account.participant_id === owner || account.meter_id === input.meterId
      : input.accountId === owner;
    if (!onAccount) throw notFound(`meter ${input.meterId} is not on account ${input.accountId}`);
    if (physical) {
      if (input.versionId !== 1)
        throw notFound(`physical meter ${input.meterId} has one version (1): its own readings`);
      return {
        ...calculatedUseResponse(setup, await setupNumbers(workspace, setup), {
          readingsFromChannel: { meterId: input.meterId },
        }),
        versionId: 1,
        // Its own readings for as long as it has any: no dates bound the one version.
        effectiveFrom: null,
        effectiveTo: null,
      };
    }
    const version = virtual!.versions.find((v) => v.versionId === input.versionId);
    if (!version) throw notFound(`virtual meter ${input.meterId} has no version ${input.versionId}`);
    return {
      ...calculatedUseResponse(setup, await setupNumbers(workspace, setup), version.use),
      versionId: version.versionId,
      effectiveFrom: version.effectiveFrom,
      effectiveTo: version.effectiveTo ?? null,
    };
  },

  async 'meters:set-settles'({ workspace }, input) {
    const setup = await readVirtualSetup(workspace.db);
    const physical = setup.physical.find((m) => m.id === input.meterId);
    const virtual = setup.virtual.find((m) => m.id === input.meterId);
    if (!physical && !virtual) throw notFound(`meter "${input.meterId}" does not exist`);
    const commodity = await meterCommodity(workspace.db, input.meterId);
    if (input.settles && commodity && commodity.commodity !== 'electricity')
      refuse(`meter ${input.meterId}`, { settles: [`a ${commodity.commodity} meter does not settle`] });
    const next: VirtualSetup = {
      ...setup,
      physical: setup.physical.map((m) => (m.id === input.meterId ? { ...m, settles: input.settles } : m)),
      virtual: setup.virtual.map((m) => (m.id === input.meterId ? { ...m, settles: input.settles } : m)),
    };
    refuseInvalidSetup(`meter ${input.meterId}`, next);
    await workspace.db.write((tx) => setMeterSettles(tx, input.meterId, input.settles));
    return { meterId: input.meterId, settles: input.settles };
  },
};
