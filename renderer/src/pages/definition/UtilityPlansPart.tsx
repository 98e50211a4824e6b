/**
 * Utility plans (the grid supply for what the pool does not cover), in effective-dated
 * versions priced by a flat rate, a TOU rate (24 hourly prices, local hours 0 … 23) or a tariff
 * of the workspace (by masterTariffId); and which participant is on which plan from when.
 */
import {
  emptyAssignment,
  emptyUtilityPlan,
  emptyUtilityVersion,
  removeAt,
  replaceAt,
  type AssignmentDraft,
  type RateType,
  type UtilityPlanDraft,
  type UtilityVersionDraft,
} from './draft';
import { effectiveFromSpec, FieldRow, participantSpec, SpecTable, type ColumnSpec } from './field-specs';
import { FieldError, Input, PartCard } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';
import { VersionsTable, type VersionPlace } from './VersionsTable';

const RATE_TYPES: [RateType, string][] = [
  ['flat', 'flat rate'],
  ['tou', 'TOU (24 hourly prices)'],
  ['tariff', 'a tariff of the workspace'],
];

const PLAN_FIELDS: ColumnSpec<UtilityPlanDraft>[] = [
  { kind: 'text', key: 'id', title: 'Id' },
  { kind: 'text', key: 'providerName', title: 'Provider' },
  { kind: 'text', key: 'planName', title: 'Plan name' },
  { kind: 'text', key: 'energyType', title: 'Energy type' },
];

/** A rate's type; a TOU rate starts from the flat price at every hour. */
const RATE: ColumnSpec<UtilityVersionDraft> = {
  kind: 'select',
  key: 'type',
  path: 'rate.type',
  title: 'Rate',
  options: RATE_TYPES,
  patch: (type, v) => ({
    type: type as RateType,
    ...(type === 'tou' && v.hourly.every((h) => h === '')
      ? { hourly: v.hourly.map(() => v.pricePerKwh) }
      : {}),
  }),
  // Errors of the rate as a whole show beside its type.
  after: (_, place) => <FieldError path={`${place.at}.rate`} />,
};

const FLAT_PRICE: ColumnSpec<UtilityVersionDraft> = {
  kind: 'text',
  key: 'pricePerKwh',
  path: 'rate.pricePerKwh',
  title: 'Price per kWh',
  size: 8,
};

/** The tariff of a version: one of the workspace's `tariffs`, or the one it names that the workspace lacks. */
function tariffSpec(tariffs: { id: string; name: string }[]): ColumnSpec<UtilityVersionDraft> {
  return {
    kind: 'select',
    key: 'masterTariffId',
    path: 'rate.masterTariffId',
    title: 'Tariff',
    options: (v) => {
      const choices: [string, string][] = tariffs.map((t) => [t.id, `${t.name} (${t.id})`]);
      if (v.masterTariffId !== '' && !tariffs.some((t) => t.id === v.masterTariffId))
        choices.push([v.masterTariffId, `${v.masterTariffId} (not in this workspace)`]);
      return choices;
    },
    placeholder: tariffs.length === 0 ? 'No tariffs yet (see Tariffs)' : 'Choose…',
  };
}

/** An assignment's columns, choosing among `participants` and `plans`. */
function assignmentColumns(
  participants: [string, string][],
  plans: [string, string][],
): ColumnSpec<AssignmentDraft>[] {
  return [
    participantSpec('Participant', participants),
    {
      kind: 'select',
      key: 'utilityPlan',
      path: 'utilityPlanId',
      title: 'Utility plan',
      options: plans,
      placeholder: 'Choose…',
    },
    effectiveFromSpec('From'),
  ];
}

export function UtilityPlansPart({
  draft,
  change,
  day,
  tariffs,
}: PartProps & { tariffs: { id: string; name: string }[] }) {
  const setPlan = (i: number, update: (plan: UtilityPlanDraft) => UtilityPlanDraft) =>
    change((d) => ({ ...d, utilityPlans: replaceAt(d.utilityPlans, i, update) }));
  const setAssignment = (i: number, patch: Partial<AssignmentDraft>) =>
    change((d) => ({ ...d, assignments: replaceAt(d.assignments, i, (a) => ({ ...a, ...patch })) }));
  const plans: [string, string][] = draft.utilityPlans.map((u, i) => [
    u.key,
    u.id.trim() || `(plan ${i + 1}, no id yet)`,
  ]);
  return (
    <PartCard
      title="Utility plans"
      testId="definition-utility-plans"
      paths={['utilityPlans', 'utilityPlanAssignments']}
      intro="The grid supply of energy the pool does not cover, and which participant is on which plan from when."
    >
      {draft.utilityPlans.map((plan, i) => {
        const base = `utilityPlans[${i}]`;
        const name = `Utility plan ${i + 1}`;
        return (
          <fieldset className="definition-item" key={plan.key} data-testid={`utility-plan-${i + 1}`}>
            <legend>{plan.id.trim() || name}</legend>
            <FieldRow
              fields={PLAN_FIELDS}
              row={plan}
              place={{ at: base, name, set: (patch) => setPlan(i, (p) => ({ ...p, ...patch })) }}
              onRemove={() =>
                change((d) => ({
                  ...d,
                  utilityPlans: removeAt(d.utilityPlans, i),
                  assignments: d.assignments.filter((a) => a.utilityPlan !== plan.key),
                }))
              }
            />
            <VersionsTable
              at={base}
              name={name}
              versions={plan.versions}
              emptyVersion={emptyUtilityVersion}
              day={day}
              onChange={(update) => setPlan(i, (p) => ({ ...p, versions: update(p.versions) }))}
              renderVersion={(version, place) => (
                <RateVersion version={version} place={place} tariffs={tariffs} />
              )}
            />
          </fieldset>
        );
      })}
      <p>
        <button
          type="button"
          onClick={() => change((d) => ({ ...d, utilityPlans: [...d.utilityPlans, emptyUtilityPlan(day)] }))}
        >
          Add a utility plan
        </button>
      </p>

      <h3>Who is on which plan</h3>
      <SpecTable
        label="Utility plan assignments"
        rows={draft.assignments}
        columns={assignmentColumns(participantOptions(draft), plans)}
        placeOf={(i) => ({ at: `utilityPlanAssignments[${i}]`, name: `Assignment ${i + 1}` })}
        onChange={setAssignment}
        onRemove={(i) => change((d) => ({ ...d, assignments: removeAt(d.assignments, i) }))}
      />
      <p>
        <button
          type="button"
          onClick={() => change((d) => ({ ...d, assignments: [...d.assignments, emptyAssignment(day)] }))}
        >
          Add an assignment
        </button>{' '}
        <button
          type="button"
          disabled={draft.utilityPlans.length === 0}
          onClick={() =>
            change((d) => {
              const plan = d.utilityPlans[0]!;
              const from = plan.versions[0]?.effectiveFrom || day;
              const unassigned = d.participants.filter(
                (p) => p.role === 'consumer' && !d.assignments.some((a) => a.participant === p.key),
              );
              return {
                ...d,
                assignments: [
                  ...d.assignments,
                  ...unassigned.map((p) => ({
                    participant: p.key,
                    utilityPlan: plan.key,
                    effectiveFrom: from,
                  })),
                ],
              };
            })
          }
        >
          Put every unassigned consumer on the first plan
        </button>
      </p>
    </PartCard>
  );
}

function RateVersion({
  version: v,
  place,
  tariffs,
}: {
  version: UtilityVersionDraft;
  place: VersionPlace<UtilityVersionDraft>;
  tariffs: { id: string; name: string }[];
}) {
  const { at, name: label } = place;
  const fields: ColumnSpec<UtilityVersionDraft>[] = [
    effectiveFromSpec('In force from'),
    RATE,
    ...(v.type === 'flat' ? [FLAT_PRICE] : []),
    ...(v.type === 'tariff' ? [tariffSpec(tariffs)] : []),
  ];
  return (
    <div className="definition-rate" data-testid={`${at}`}>
      <FieldRow fields={fields} row={v} place={place} onRemove={place.remove} />
      {v.type === 'tou' ? (
        <div className="definition-hours" role="group" aria-label={`${label} hourly prices`}>
          <FieldError path={`${at}.rate.hourlyPricesPerKwh`} />
          {v.hourly.map((price, h) => (
            <label className="field" key={h}>
              <span className="field-label">{String(h).padStart(2, '0')}:00</span>
              <Input
                path={`${at}.rate.hourlyPricesPerKwh[${h}]`}
                label={`${label} hour ${h} price`}
                value={price}
                size={5}
                onChange={(value) => place.set({ hourly: replaceAt(v.hourly, h, () => value) })}
              />
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
