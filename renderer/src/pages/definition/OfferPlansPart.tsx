/**
 * Offer plans: what a prosumer charges per kWh in its pool, whether leftovers go to the open
 * market (not below a floor price), and the feed-in price, in effective-dated versions.
 */
import {
  emptyOfferPlan,
  emptyOfferVersion,
  removeAt,
  replaceAt,
  type Draft,
  type OfferPlanDraft,
  type OfferVersionDraft,
} from './draft';
import { FieldRow, participantSpec, type ColumnSpec } from './field-specs';
import { PartCard } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';
import { VersionsTable } from './VersionsTable';

/** A plan's fields; its prosumer is chosen among the prosumers (and whoever it names now). */
function planFields(draft: Draft): ColumnSpec<OfferPlanDraft>[] {
  const prosumers = participantOptions(draft, 'prosumer');
  return [
    { kind: 'text', key: 'id', title: 'Id' },
    participantSpec('Prosumer', (plan) =>
      plan.participant === '' || prosumers.some(([key]) => key === plan.participant)
        ? prosumers
        : [...prosumers, ...participantOptions(draft).filter(([key]) => key === plan.participant)],
    ),
    { kind: 'text', key: 'planName', title: 'Plan name' },
    { kind: 'text', key: 'providerName', title: 'Provider' },
    { kind: 'text', key: 'energyType', title: 'Energy type' },
  ];
}

const VERSION_COLUMNS: ColumnSpec<OfferVersionDraft>[] = [
  { kind: 'text', key: 'pricePerKwh', title: 'Price per kWh', size: 8 },
  {
    kind: 'checkbox',
    key: 'sellsLeftoversToMarket',
    title: 'Leftovers to the open market',
    label: 'sells leftovers to the market',
  },
  { kind: 'text', key: 'marketFloorPricePerKwh', title: 'Market floor per kWh', size: 8 },
  { kind: 'text', key: 'feedInPricePerKwh', title: 'Feed-in per kWh', size: 8 },
];

export function OfferPlansPart({ draft, change, day }: PartProps) {
  const setPlan = (i: number, update: (plan: OfferPlanDraft) => OfferPlanDraft) =>
    change((d) => ({ ...d, offerPlans: replaceAt(d.offerPlans, i, update) }));
  const fields = planFields(draft);
  return (
    <PartCard
      title="Offer plans"
      testId="definition-offer-plans"
      paths={['offerPlans']}
      intro="A prosumer's price per kWh to the pool's consumers; what is left over goes to the open market (not below the floor) or is fed in at the feed-in price. Prices are decimals in the workspace's currency."
    >
      {draft.offerPlans.map((plan, i) => {
        const base = `offerPlans[${i}]`;
        const name = `Offer plan ${i + 1}`;
        return (
          <fieldset className="definition-item" key={i} data-testid={`offer-plan-${i + 1}`}>
            <legend>{plan.id.trim() || name}</legend>
            <FieldRow
              fields={fields}
              row={plan}
              place={{ at: base, name, set: (patch) => setPlan(i, (p) => ({ ...p, ...patch })) }}
              onRemove={() => change((d) => ({ ...d, offerPlans: removeAt(d.offerPlans, i) }))}
            />
            <VersionsTable
              at={base}
              name={name}
              versions={plan.versions}
              columns={VERSION_COLUMNS}
              emptyVersion={emptyOfferVersion}
              day={day}
              onChange={(update) => setPlan(i, (p) => ({ ...p, versions: update(p.versions) }))}
            />
          </fieldset>
        );
      })}
      <p>
        <button
          type="button"
          onClick={() =>
            change((d) => ({
              ...d,
              offerPlans: [
                ...d.offerPlans,
                emptyOfferPlan(day, participantOptions(d, 'prosumer')[0]?.[0] ?? ''),
              ],
            }))
          }
        >
          Add an offer plan
        </button>
      </p>
    </PartCard>
  );
}
