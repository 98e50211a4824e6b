/**
 * The workspace definition: everything about a market except its time series.
 * Participants, meters, pools (with effective-dated keys and memberships),
 * offer plans and utility plans (with versions). It travels as JSON
 * (`energy-ledger import workspace.json` / `export --definition`); the JSON
 * Schema in docs/workspace-definition.schema.json is generated from this file.
 */
import { z } from 'zod';

import { isValidDay, isValidTimezone } from './time';
import { canonicalDecimal, decimalProblem, NOT_A_DECIMAL, shortValue } from './units';

/**
 * Zod's error option for a field whose absence must read `is required` (as seed 002's Rails
 * API answers), and `message` when it is present but wrong.
 */
export const required = (message: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : message),
});

export const Id = z
  .string(required('must be an id (text)'))
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must use letters, digits, ".", "_" or "-" and start with a letter or digit',
  );

export const Day = z
  .string(required('must be a date YYYY-MM-DD'))
  .refine(isValidDay, 'must be a date YYYY-MM-DD');

/**
 * A zod check of a decimal string against the bounded parser (shared/units.ts): a value out
 * of its bounds is refused naming the value (shortened) and why. Text that is no decimal at
 * all gets `notDecimal`, or no issue when the schema's own pattern already names it.
 */
export function boundedDecimal(notDecimal?: string) {
  return (text: string, ctx: z.RefinementCtx): void => {
    const problem = decimalProblem(text);
    if (problem === null || (problem === NOT_A_DECIMAL && notDecimal === undefined)) return;
    ctx.addIssue({
      code: 'custom',
      message: problem === NOT_A_DECIMAL ? notDecimal! : `"${shortValue(text.trim())}" ${problem}`,
    });
  };
}

/** A decimal number written as a string, kept exact (never a binary float), within the bounded parser's bounds. */
export const DecimalText = z
  .string()
  .superRefine(boundedDecimal('must be a decimal number written as a string, e.g. "4.2"'))
  .transform(canonicalDecimal);

export const NonNegativeDecimalText = DecimalText.refine(
  (text) => !text.startsWith('-'),
  'must not be negative',
);

export const AllocationKey = z.enum(['prorata', 'priority', 'static'], {
  error: () => 'must be one of prorata, priority, static',
});

export const Settings = z.object({
  name: z.string().min(1, 'must not be empty').max(200),
  timezone: z.string().refine(isValidTimezone, 'must be an IANA timezone name, e.g. Asia/Bangkok'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. THB'),
  priceZone: z.string().min(1).max(100),
  /** Payment matching tolerance in the currency: differences up to it count as paid (default 0). */
  paymentTolerance: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,4})?$/, 'must be an amount of at most 4 decimals, e.g. 0.05')
    .optional(),
});

export const Participant = z.object({
  id: Id,
  name: z.string().min(1, 'must not be empty').max(200),
  role: z.enum(['consumer', 'prosumer'], { error: () => 'must be one of consumer, prosumer' }),
});

export const Meter = z.object({
  id: Id,
  participantId: Id,
  name: z.string().max(200).optional(),
  meterType: z.number().int('must be an integer').min(1, 'must be 1 or more').default(1),
  direction: z.enum(['consumption', 'generation'], { error: () => 'must be one of consumption, generation' }),
  settles: z.boolean().default(true),
  /**
   * What the meter measures (electricity unless said): a gas or water meter imported from a
   * utility's Green Button file is kept with its readings, in its unit, and never settles.
   */
  commodity: z
    .enum(['electricity', 'natural-gas', 'water', 'propane', 'steam', 'other'], {
      error: () => 'must be one of electricity, natural-gas, water, propane, steam, other',
    })
    .optional(),
  /** The unit of a non-electric meter's readings (therm, m3, ft3, gal, …); electricity is always Wh. */
  unit: z.string().min(1).max(20).optional(),
});

export const PoolVersion = z.object({
  effectiveFrom: Day,
  key: AllocationKey,
});

export const PoolMember = z.object({
  participantId: Id,
  effectiveFrom: Day,
  effectiveTo: Day.optional(),
  /** Priority rank for the `priority` key: 1 is served first. */
  rank: z.number().int('must be an integer').min(1, 'must be 1 or more').optional(),
  /** Static share k_c for the `static` key, a decimal in [0, 1]. */
  share: NonNegativeDecimalText.optional(),
});

export const Pool = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  versions: z.array(PoolVersion).min(1, 'needs at least one version'),
  members: z.array(PoolMember),
});

export const OfferPlanVersion = z.object({
  effectiveFrom: Day,
  pricePerKwh: NonNegativeDecimalText,
  sellsLeftoversToMarket: z.boolean().default(true),
  marketFloorPricePerKwh: DecimalText.default('0'),
  feedInPricePerKwh: NonNegativeDecimalText.default('0'),
});

export const OfferPlan = z.object({
  id: Id,
  participantId: Id,
  planName: z.string().min(1).max(200),
  providerName: z.string().min(1).max(200),
  energyType: z.string().min(1).max(100),
  versions: z.array(OfferPlanVersion).min(1, 'needs at least one version'),
});

export const FlatRate = z.object({ type: z.literal('flat'), pricePerKwh: NonNegativeDecimalText });
export const TouRate = z.object({
  type: z.literal('tou'),
  /** Price per kWh for each local hour of the day, 0 … 23, in the workspace's timezone. */
  hourlyPricesPerKwh: z.array(NonNegativeDecimalText).length(24, 'must list 24 prices, one per local hour'),
});
/** Priced by a tariff of the workspace (docs/tariffs.md): hourly grid lines at its energy rates, and its monthly bill lines. */
export const TariffRate = z.object({ type: z.literal('tariff'), masterTariffId: z.string().min(1).max(200) });
export const Rate = z.discriminatedUnion('type', [FlatRate, TouRate, TariffRate], {
  error: () => 'must be a flat, tou or tariff rate',
});

export const UtilityPlanVersion = z.object({
  effectiveFrom: Day,
  rate: Rate,
});

export const UtilityPlan = z.object({
  id: Id,
  providerName: z.string().min(1).max(200),
  planName: z.string().min(1).max(200),
  energyType: z.string().min(1).max(100),
  versions: z.array(UtilityPlanVersion).min(1, 'needs at least one version'),
});

export const UtilityPlanAssignment = z.object({
  participantId: Id,
  utilityPlanId: Id,
  effectiveFrom: Day,
});

export const WorkspaceDefinition = z.object({
  format: z.literal('energy-ledger-workspace', { error: () => 'must be "energy-ledger-workspace"' }),
  formatVersion: z.literal(1, { error: () => 'must be 1' }),
  settings: Settings,
  participants: z.array(Participant),
  meters: z.array(Meter),
  pools: z.array(Pool),
  offerPlans: z.array(OfferPlan),
  utilityPlans: z.array(UtilityPlan),
  utilityPlanAssignments: z.array(UtilityPlanAssignment),
});

export type WorkspaceDefinition = z.output<typeof WorkspaceDefinition>;
export type WorkspaceDefinitionInput = z.input<typeof WorkspaceDefinition>;
export type ParticipantDef = z.output<typeof Participant>;
export type MeterDef = z.output<typeof Meter>;
export type PoolDef = z.output<typeof Pool>;
export type OfferPlanDef = z.output<typeof OfferPlan>;
export type UtilityPlanDef = z.output<typeof UtilityPlan>;
export type RateDef = z.output<typeof Rate>;

export type FieldErrors = Record<string, string[]>;

/** Adds a message under a field path, in seed 002's shape: `{ "pools[0].key": ["…"] }`. */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/** `['pools', 0, 'key']` → `pools[0].key`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    addFieldError(errors, fieldPath(issue.path), issue.message);
  }
  return errors;
}

/**
 * Rules a schema cannot say alone: ids unique, references resolve, names
 * unique, a participant in at most one pool at a time, versions in order.
 */
export function checkDefinitionReferences(def: WorkspaceDefinition): FieldErrors {
  const errors: FieldErrors = {};
  const participants = new Map<string, ParticipantDef>();
  const names = new Set<string>();
  def.participants.forEach((p, i) => {
    if (participants.has(p.id))
      addFieldError(errors, `participants[${i}].id`, `duplicates participant id "${p.id}"`);
    if (names.has(p.name))
      addFieldError(errors, `participants[${i}].name`, `duplicates participant name "${p.name}"`);
    participants.set(p.id, p);
    names.add(p.name);
  });
  const meterIds = new Set<string>();
  def.meters.forEach((m, i) => {
    const commodity = m.commodity ?? 'electricity';
    if (commodity !== 'electricity' && m.settles !== false)
      addFieldError(
        errors,
        `meters[${i}].settles`,
        `a ${commodity} meter does not settle: set settles to false`,
      );
    if (commodity === 'electricity' && m.unit !== undefined && m.unit !== 'Wh')
      addFieldError(errors, `meters[${i}].unit`, 'an electricity meter is read in Wh (its readings in mWh)');
    if (commodity !== 'electricity' && m.unit === undefined)
      addFieldError(errors, `meters[${i}].unit`, `a ${commodity} meter names its unit (therm, m3, …)`);
    if (meterIds.has(m.id)) addFieldError(errors, `meters[${i}].id`, `duplicates meter id "${m.id}"`);
    meterIds.add(m.id);
    const owner = participants.get(m.participantId);
    if (!owner)
      addFieldError(
        errors,
        `meters[${i}].participantId`,
        `refers to unknown participant "${m.participantId}"`,
      );
    else if (m.direction === 'generation' && owner.role !== 'prosumer') {
      addFieldError(
        errors,
        `meters[${i}].direction`,
        `generation meters belong to prosumers; "${owner.id}" is a consumer`,
      );
    }
  });
  const checkVersionsAscending = (versions: { effectiveFrom: string }[], path: string) => {
    for (let i = 1; i < versions.length; i++) {
      if (versions[i]!.effectiveFrom <= versions[i - 1]!.effectiveFrom) {
        addFieldError(errors, `${path}[${i}].effectiveFrom`, 'must be later than the previous version');
      }
    }
  };
  const poolIds = new Set<string>();
  const membershipSpans = new Map<string, { from: string; to: string; path: string }[]>();
  def.pools.forEach((pool, i) => {
    if (poolIds.has(pool.id)) addFieldError(errors, `pools[${i}].id`, `duplicates pool id "${pool.id}"`);
    poolIds.add(pool.id);
    checkVersionsAscending(pool.versions, `pools[${i}].versions`);
    pool.members.forEach((member, j) => {
      const path = `pools[${i}].members[${j}]`;
      if (!participants.has(member.participantId)) {
        addFieldError(
          errors,
          `${path}.participantId`,
          `refers to unknown participant "${member.participantId}"`,
        );
      }
      if (member.effectiveTo !== undefined && member.effectiveTo < member.effectiveFrom) {
        addFieldError(errors, `${path}.effectiveTo`, 'must not be before effectiveFrom');
      }
      if (member.share !== undefined && Number(member.share) > 1) {
        addFieldError(errors, `${path}.share`, 'must be between 0 and 1');
      }
      const spans = membershipSpans.get(member.participantId) ?? [];
      const to = member.effectiveTo ?? '9999-12-31';
      for (const other of spans) {
        if (member.effectiveFrom <= other.to && other.from <= to) {
          addFieldError(
            errors,
            `${path}.effectiveFrom`,
            `overlaps the membership at ${other.path}: a participant belongs to at most one pool at a time`,
          );
        }
      }
      spans.push({ from: member.effectiveFrom, to, path });
      membershipSpans.set(member.participantId, spans);
    });
  });
  // Static shares: Σ k_c ≤ 1 among the members of a pool on any date (spec §3). The sum only changes on a member's start date.
  def.pools.forEach((pool, i) => {
    for (const member of pool.members) {
      const day = member.effectiveFrom;
      let total = 0n;
      const scale = 10n ** 18n;
      for (const other of pool.members) {
        if (
          other.share === undefined ||
          other.effectiveFrom > day ||
          (other.effectiveTo !== undefined && other.effectiveTo < day)
        )
          continue;
        const [whole = '0', fraction = ''] = other.share.split('.');
        total += BigInt(whole) * scale + BigInt((fraction + '0'.repeat(18)).slice(0, 18));
      }
      if (total > scale) {
        addFieldError(errors, `pools[${i}].members`, `static shares add up to more than 1 on ${day}`);
        break;
      }
    }
  });
  const offerIds = new Set<string>();
  def.offerPlans.forEach((plan, i) => {
    if (offerIds.has(plan.id))
      addFieldError(errors, `offerPlans[${i}].id`, `duplicates offer plan id "${plan.id}"`);
    offerIds.add(plan.id);
    const owner = participants.get(plan.participantId);
    if (!owner)
      addFieldError(
        errors,
        `offerPlans[${i}].participantId`,
        `refers to unknown participant "${plan.participantId}"`,
      );
    else if (owner.role !== 'prosumer')
      addFieldError(
        errors,
        `offerPlans[${i}].participantId`,
        `"${owner.id}" is a consumer; offer plans belong to prosumers`,
      );
    checkVersionsAscending(plan.versions, `offerPlans[${i}].versions`);
  });
  const utilityIds = new Set<string>();
  def.utilityPlans.forEach((plan, i) => {
    if (utilityIds.has(plan.id))
      addFieldError(errors, `utilityPlans[${i}].id`, `duplicates utility plan id "${plan.id}"`);
    utilityIds.add(plan.id);
    checkVersionsAscending(plan.versions, `utilityPlans[${i}].versions`);
  });
  const assignmentKeys = new Set<string>();
  def.utilityPlanAssignments.forEach((a, i) => {
    if (!participants.has(a.participantId))
      addFieldError(
        errors,
        `utilityPlanAssignments[${i}].participantId`,
        `refers to unknown participant "${a.participantId}"`,
      );
    if (!utilityIds.has(a.utilityPlanId))
      addFieldError(
        errors,
        `utilityPlanAssignments[${i}].utilityPlanId`,
        `refers to unknown utility plan "${a.utilityPlanId}"`,
      );
    const key = `${a.participantId}@${a.effectiveFrom}`;
    if (assignmentKeys.has(key))
      addFieldError(
        errors,
        `utilityPlanAssignments[${i}].effectiveFrom`,
        `duplicates the assignment of "${a.participantId}" from ${a.effectiveFrom}`,
      );
    assignmentKeys.add(key);
  });
  return errors;
}
