/**
 * The definition editor's model: the workspace definition as the editor holds it (every value
 * as typed, in text; participants and utility plans referred to by a key of the draft, so that
 * renaming an id keeps its meters, memberships and plans), and the two ways between it and
 * the definition's JSON. Nothing is checked here: main checks the whole definition and answers
 * errors keyed by JSON paths (`participants[2].name`), and the draft's lists are in the
 * definition's order, so each path names the field it belongs to.
 */
import type { WorkspaceDefinitionInput } from '../../../../shared/definition';

export type Role = 'consumer' | 'prosumer';
export type AllocationKey = 'prorata' | 'priority' | 'static';
export type RateType = 'flat' | 'tou' | 'tariff';

export interface SettingsDraft {
  name: string;
  timezone: string;
  currency: string;
  priceZone: string;
  /** Empty: none (it is optional). */
  paymentTolerance: string;
}

export interface ParticipantDraft {
  /** The draft's own key, never shown or sent. */
  key: string;
  id: string;
  name: string;
  role: Role;
}

export interface MeterDraft {
  id: string;
  /** The key of its participant in the draft ('' when none is chosen). */
  participant: string;
  name: string;
  meterType: string;
  direction: 'consumption' | 'generation';
  settles: boolean;
  commodity: string;
  unit: string;
}

export interface PoolVersionDraft {
  effectiveFrom: string;
  key: AllocationKey;
}

export interface PoolMemberDraft {
  participant: string;
  effectiveFrom: string;
  effectiveTo: string;
  rank: string;
  share: string;
}

export interface PoolDraft {
  id: string;
  name: string;
  versions: PoolVersionDraft[];
  members: PoolMemberDraft[];
}

export interface OfferVersionDraft {
  effectiveFrom: string;
  pricePerKwh: string;
  sellsLeftoversToMarket: boolean;
  marketFloorPricePerKwh: string;
  feedInPricePerKwh: string;
}

export interface OfferPlanDraft {
  id: string;
  participant: string;
  planName: string;
  providerName: string;
  energyType: string;
  versions: OfferVersionDraft[];
}

export interface UtilityVersionDraft {
  effectiveFrom: string;
  type: RateType;
  /** The flat rate's price. */
  pricePerKwh: string;
  /** The TOU rate's 24 prices, local hours 0 … 23. */
  hourly: string[];
  masterTariffId: string;
}

export interface UtilityPlanDraft {
  key: string;
  id: string;
  providerName: string;
  planName: string;
  energyType: string;
  versions: UtilityVersionDraft[];
}

export interface AssignmentDraft {
  participant: string;
  utilityPlan: string;
  effectiveFrom: string;
}

export interface Draft {
  settings: SettingsDraft;
  participants: ParticipantDraft[];
  meters: MeterDraft[];
  pools: PoolDraft[];
  offerPlans: OfferPlanDraft[];
  utilityPlans: UtilityPlanDraft[];
  assignments: AssignmentDraft[];
}

let counter = 0;
export function newKey(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}

/** The first day of this month, YYYY-MM-DD: where a new market's first versions start. */
export function firstOfMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * Where new versions, memberships and assignments start: the earliest date the draft already
 * has (a market built for past data is dated once, and what is added after follows), else
 * `fallback` (the first of this month).
 */
export function startDayOf(draft: Draft, fallback: string): string {
  const days = [
    ...draft.pools.flatMap((p) => [...p.versions, ...p.members].map((v) => v.effectiveFrom)),
    ...draft.offerPlans.flatMap((o) => o.versions.map((v) => v.effectiveFrom)),
    ...draft.utilityPlans.flatMap((u) => u.versions.map((v) => v.effectiveFrom)),
    ...draft.assignments.map((a) => a.effectiveFrom),
  ].filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)));
  return days.length > 0 ? days.reduce((a, b) => (b < a ? b : a)) : fallback;
}

export const emptyParticipant = (): ParticipantDraft => ({
  key: newKey('p'),
  id: '',
  name: '',
  role: 'consumer',
});
export const emptyMeter = (participant = ''): MeterDraft => ({
  id: '',
  participant,
  name: '',
  meterType: '1',
  direction: 'consumption',
  settles: true,
  commodity: 'electricity',
  unit: '',
});
export const emptyPoolMember = (day: string, participant = ''): PoolMemberDraft => ({
  participant,
  effectiveFrom: day,
  effectiveTo: '',
  rank: '',
  share: '',
});
export const emptyPoolVersion = (day: string): PoolVersionDraft => ({ effectiveFrom: day, key: 'prorata' });
export const emptyPool = (day: string): PoolDraft => ({
  id: '',
  name: '',
  versions: [emptyPoolVersion(day)],
  members: [],
});
export const emptyOfferVersion = (day: string): OfferVersionDraft => ({
  effectiveFrom: day,
  pricePerKwh: '',
  sellsLeftoversToMarket: true,
  marketFloorPricePerKwh: '0',
  feedInPricePerKwh: '0',
});
export const emptyOfferPlan = (day: string, participant = ''): OfferPlanDraft => ({
  id: '',
  participant,
  planName: '',
  providerName: '',
  energyType: 'Solar',
  versions: [emptyOfferVersion(day)],
});
export const emptyUtilityVersion = (day: string): UtilityVersionDraft => ({
  effectiveFrom: day,
  type: 'flat',
  pricePerKwh: '',
  hourly: Array.from({ length: 24 }, () => ''),
  masterTariffId: '',
});
export const emptyUtilityPlan = (day: string): UtilityPlanDraft => ({
  key: newKey('u'),
  id: '',
  providerName: '',
  planName: '',
  energyType: 'Conventional',
  versions: [emptyUtilityVersion(day)],
});
export const emptyAssignment = (day: string): AssignmentDraft => ({
  participant: '',
  utilityPlan: '',
  effectiveFrom: day,
});

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);

/** The draft of a definition (the one in force, or the template). */
export function draftOf(def: WorkspaceDefinitionInput): Draft {
  const participants = def.participants.map((p) => ({
    key: newKey('p'),
    id: p.id,
    name: p.name,
    role: p.role,
  }));
  const participantKey = (id: string) => participants.find((p) => p.id === id)?.key ?? '';
  const utilityPlans: UtilityPlanDraft[] = def.utilityPlans.map((plan) => ({
    key: newKey('u'),
    id: plan.id,
    providerName: plan.providerName,
    planName: plan.planName,
    energyType: plan.energyType,
    versions: plan.versions.map((v) => ({
      effectiveFrom: v.effectiveFrom,
      type: v.rate.type,
      pricePerKwh: v.rate.type === 'flat' ? v.rate.pricePerKwh : '',
      hourly:
        v.rate.type === 'tou'
          ? Array.from({ length: 24 }, (_, h) =>
              text((v.rate as { hourlyPricesPerKwh: string[] }).hourlyPricesPerKwh[h]),
            )
          : Array.from({ length: 24 }, () => ''),
      masterTariffId: v.rate.type === 'tariff' ? v.rate.masterTariffId : '',
    })),
  }));
  return {
    settings: {
      name: def.settings.name,
      timezone: def.settings.timezone,
      currency: def.settings.currency,
      priceZone: def.settings.priceZone,
      paymentTolerance: def.settings.paymentTolerance ?? '',
    },
    participants,
    meters: def.meters.map((m) => ({
      id: m.id,
      participant: participantKey(m.participantId),
      name: m.name ?? '',
      meterType: text(m.meterType ?? 1),
      direction: m.direction,
      settles: m.settles ?? true,
      commodity: m.commodity ?? 'electricity',
      unit: m.commodity && m.commodity !== 'electricity' ? text(m.unit) : '',
    })),
    pools: def.pools.map((pool) => ({
      id: pool.id,
      name: pool.name,
      versions: pool.versions.map((v) => ({ effectiveFrom: v.effectiveFrom, key: v.key })),
      members: pool.members.map((m) => ({
        participant: participantKey(m.participantId),
        effectiveFrom: m.effectiveFrom,
        effectiveTo: m.effectiveTo ?? '',
        rank: text(m.rank),
        share: text(m.share),
      })),
    })),
    offerPlans: def.offerPlans.map((plan) => ({
      id: plan.id,
      participant: participantKey(plan.participantId),
      planName: plan.planName,
      providerName: plan.providerName,
      energyType: plan.energyType,
      versions: plan.versions.map((v) => ({
        effectiveFrom: v.effectiveFrom,
        pricePerKwh: v.pricePerKwh,
        sellsLeftoversToMarket: v.sellsLeftoversToMarket ?? true,
        marketFloorPricePerKwh: v.marketFloorPricePerKwh ?? '0',
        feedInPricePerKwh: v.feedInPricePerKwh ?? '0',
      })),
    })),
    utilityPlans,
    assignments: def.utilityPlanAssignments.map((a) => ({
      participant: participantKey(a.participantId),
      utilityPlan: utilityPlans.find((u) => u.id === a.utilityPlanId)?.key ?? '',
      effectiveFrom: a.effectiveFrom,
    })),
  };
}

/** A whole number typed as text becomes a number; anything else is sent as typed, for main to name. */
function integer(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : value;
}

/** The definition's JSON, in the draft's order (the field errors' paths index it). */
export function definitionOf(draft: Draft): Record<string, unknown> {
  const participantId = (key: string) => draft.participants.find((p) => p.key === key)?.id ?? '';
  const utilityPlanId = (key: string) => draft.utilityPlans.find((u) => u.key === key)?.id ?? '';
  const { settings } = draft;
  return {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: {
      name: settings.name,
      timezone: settings.timezone.trim(),
      currency: settings.currency.trim(),
      priceZone: settings.priceZone,
      ...(settings.paymentTolerance.trim() !== ''
        ? { paymentTolerance: settings.paymentTolerance.trim() }
        : {}),
    },
    participants: draft.participants.map((p) => ({ id: p.id.trim(), name: p.name, role: p.role })),
    meters: draft.meters.map((m) => ({
      id: m.id.trim(),
      participantId: participantId(m.participant),
      ...(m.name.trim() !== '' ? { name: m.name } : {}),
      ...(m.meterType.trim() !== '' ? { meterType: integer(m.meterType) } : {}),
      direction: m.direction,
      settles: m.settles,
      ...(m.commodity !== 'electricity' ? { commodity: m.commodity, unit: m.unit.trim() } : {}),
    })),
    pools: draft.pools.map((pool) => ({
      id: pool.id.trim(),
      name: pool.name,
      versions: pool.versions.map((v) => ({ effectiveFrom: v.effectiveFrom, key: v.key })),
      members: pool.members.map((m) => ({
        participantId: participantId(m.participant),
        effectiveFrom: m.effectiveFrom,
        ...(m.effectiveTo !== '' ? { effectiveTo: m.effectiveTo } : {}),
        ...(m.rank.trim() !== '' ? { rank: integer(m.rank) } : {}),
        ...(m.share.trim() !== '' ? { share: m.share.trim() } : {}),
      })),
    })),
    offerPlans: draft.offerPlans.map((plan) => ({
      id: plan.id.trim(),
      participantId: participantId(plan.participant),
      planName: plan.planName,
      providerName: plan.providerName,
      energyType: plan.energyType,
      versions: plan.versions.map((v) => ({
        effectiveFrom: v.effectiveFrom,
        pricePerKwh: v.pricePerKwh.trim(),
        sellsLeftoversToMarket: v.sellsLeftoversToMarket,
        marketFloorPricePerKwh: v.marketFloorPricePerKwh.trim(),
        feedInPricePerKwh: v.feedInPricePerKwh.trim(),
      })),
    })),
    utilityPlans: draft.utilityPlans.map((plan) => ({
      id: plan.id.trim(),
      providerName: plan.providerName,
      planName: plan.planName,
      energyType: plan.energyType,
      versions: plan.versions.map((v) => ({
        effectiveFrom: v.effectiveFrom,
        rate:
          v.type === 'flat'
            ? { type: 'flat', pricePerKwh: v.pricePerKwh.trim() }
            : v.type === 'tou'
              ? { type: 'tou', hourlyPricesPerKwh: v.hourly.map((price) => price.trim()) }
              : { type: 'tariff', masterTariffId: v.masterTariffId },
      })),
    })),
    utilityPlanAssignments: draft.assignments.map((a) => ({
      participantId: participantId(a.participant),
      utilityPlanId: utilityPlanId(a.utilityPlan),
      effectiveFrom: a.effectiveFrom,
    })),
  };
}

/** A list with item `index` replaced by `change(item)`. */
export function replaceAt<T>(list: T[], index: number, change: (item: T) => T): T[] {
  return list.map((item, i) => (i === index ? change(item) : item));
}

/** A list without item `index`. */
export function removeAt<T>(list: T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** How a participant is named in the editor's choices. */
export function participantLabel(p: ParticipantDraft, index: number): string {
  return p.id.trim() !== '' ? p.id.trim() : `(participant ${index + 1}, no id yet)`;
}
