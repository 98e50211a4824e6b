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
import { FieldError, Input, PartCard, RemoveButton, Select } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';

const RATE_TYPES: [RateType, string][] = [
  ['flat', 'flat rate'],
  ['tou', 'TOU (24 hourly prices)'],
  ['tariff', 'a tariff of the workspace'],
];

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
        const setVersion = (j: number, patch: Partial<UtilityVersionDraft>) =>
          setPlan(i, (p) => ({ ...p, versions: replaceAt(p.versions, j, (v) => ({ ...v, ...patch })) }));
        return (
          <fieldset className="definition-item" key={plan.key} data-testid={`utility-plan-${i + 1}`}>
            <legend>{plan.id.trim() || name}</legend>
            <div className="form-row">
              {(
                [
                  ['id', 'Id'],
                  ['providerName', 'Provider'],
                  ['planName', 'Plan name'],
                  ['energyType', 'Energy type'],
                ] as const
              ).map(([key, title]) => (
                <label className="field" key={key}>
                  <span className="field-label">{title}</span>
                  <Input
                    path={`${base}.${key}`}
                    label={`${name} ${title.toLowerCase()}`}
                    value={plan[key]}
                    onChange={(value) => setPlan(i, (p) => ({ ...p, [key]: value }))}
                  />
                </label>
              ))}
              <RemoveButton
                label={`Remove ${name.toLowerCase()}`}
                onClick={() =>
                  change((d) => ({
                    ...d,
                    utilityPlans: removeAt(d.utilityPlans, i),
                    assignments: d.assignments.filter((a) => a.utilityPlan !== plan.key),
                  }))
                }
              />
            </div>
            <FieldError path={`${base}.versions`} />
            {plan.versions.map((v, j) => (
              <RateVersion
                key={j}
                at={`${base}.versions[${j}]`}
                label={`${name} version ${j + 1}`}
                version={v}
                tariffs={tariffs}
                onChange={(patch) => setVersion(j, patch)}
                onRemove={() => setPlan(i, (p) => ({ ...p, versions: removeAt(p.versions, j) }))}
              />
            ))}
            <p>
              <button
                type="button"
                onClick={() =>
                  setPlan(i, (p) => ({
                    ...p,
                    versions: [
                      ...p.versions,
                      { ...(p.versions.at(-1) ?? emptyUtilityVersion(day)), effectiveFrom: day },
                    ],
                  }))
                }
              >
                Add a version
              </button>
            </p>
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
      <table className="table compact" aria-label="Utility plan assignments">
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Utility plan</th>
            <th scope="col">From</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {draft.assignments.map((a, i) => {
            const at = `utilityPlanAssignments[${i}]`;
            const label = `Assignment ${i + 1}`;
            return (
              <tr key={i}>
                <td>
                  <Select
                    path={`${at}.participantId`}
                    label={`${label} participant`}
                    value={a.participant}
                    options={participantOptions(draft)}
                    placeholder="Choose…"
                    onChange={(participant) => setAssignment(i, { participant })}
                  />
                </td>
                <td>
                  <Select
                    path={`${at}.utilityPlanId`}
                    label={`${label} utility plan`}
                    value={a.utilityPlan}
                    options={plans}
                    placeholder="Choose…"
                    onChange={(utilityPlan) => setAssignment(i, { utilityPlan })}
                  />
                </td>
                <td>
                  <Input
                    type="date"
                    path={`${at}.effectiveFrom`}
                    label={`${label} from`}
                    value={a.effectiveFrom}
                    onChange={(effectiveFrom) => setAssignment(i, { effectiveFrom })}
                  />
                </td>
                <td>
                  <RemoveButton
                    label={`Remove ${label.toLowerCase()}`}
                    onClick={() => change((d) => ({ ...d, assignments: removeAt(d.assignments, i) }))}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
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
  at,
  label,
  version: v,
  tariffs,
  onChange,
  onRemove,
}: {
  at: string;
  label: string;
  version: UtilityVersionDraft;
  tariffs: { id: string; name: string }[];
  onChange: (patch: Partial<UtilityVersionDraft>) => void;
  onRemove: () => void;
}) {
  const tariffChoices: [string, string][] = tariffs.map((t) => [t.id, `${t.name} (${t.id})`]);
  if (v.masterTariffId !== '' && !tariffs.some((t) => t.id === v.masterTariffId))
    tariffChoices.push([v.masterTariffId, `${v.masterTariffId} (not in this workspace)`]);
  return (
    <div className="definition-rate" data-testid={`${at}`}>
      <div className="form-row">
        <label className="field">
          <span className="field-label">In force from</span>
          <Input
            type="date"
            path={`${at}.effectiveFrom`}
            label={`${label} from`}
            value={v.effectiveFrom}
            onChange={(effectiveFrom) => onChange({ effectiveFrom })}
          />
        </label>
        <label className="field">
          <span className="field-label">Rate</span>
          <Select
            path={`${at}.rate.type`}
            label={`${label} rate`}
            value={v.type}
            options={RATE_TYPES}
            onChange={(type) =>
              onChange({
                type: type as RateType,
                // A TOU rate starts from the flat price at every hour.
                ...(type === 'tou' && v.hourly.every((h) => h === '')
                  ? { hourly: v.hourly.map(() => v.pricePerKwh) }
                  : {}),
              })
            }
          />
          <FieldError path={`${at}.rate`} />
        </label>
        {v.type === 'flat' ? (
          <label className="field">
            <span className="field-label">Price per kWh</span>
            <Input
              path={`${at}.rate.pricePerKwh`}
              label={`${label} price per kWh`}
              value={v.pricePerKwh}
              size={8}
              onChange={(pricePerKwh) => onChange({ pricePerKwh })}
            />
          </label>
        ) : null}
        {v.type === 'tariff' ? (
          <label className="field">
            <span className="field-label">Tariff</span>
            <Select
              path={`${at}.rate.masterTariffId`}
              label={`${label} tariff`}
              value={v.masterTariffId}
              options={tariffChoices}
              placeholder={tariffs.length === 0 ? 'No tariffs yet (see Tariffs)' : 'Choose…'}
              onChange={(masterTariffId) => onChange({ masterTariffId })}
            />
          </label>
        ) : null}
        <RemoveButton label={`Remove ${label.toLowerCase()}`} onClick={onRemove} />
      </div>
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
                onChange={(value) => onChange({ hourly: replaceAt(v.hourly, h, () => value) })}
              />
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
