/**
 * Offer plans: what a prosumer charges per kWh in its pool, whether leftovers go to the open
 * market (not below a floor price), and the feed-in price, in effective-dated versions.
 */
import { emptyOfferPlan, emptyOfferVersion, removeAt, replaceAt, type OfferPlanDraft } from './draft';
import { Checkbox, FieldError, Input, PartCard, RemoveButton, Select } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';

export function OfferPlansPart({ draft, change, day }: PartProps) {
  const setPlan = (i: number, update: (plan: OfferPlanDraft) => OfferPlanDraft) =>
    change((d) => ({ ...d, offerPlans: replaceAt(d.offerPlans, i, update) }));
  const prosumers = participantOptions(draft, 'prosumer');
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
        const setVersion = (j: number, patch: Partial<OfferPlanDraft['versions'][number]>) =>
          setPlan(i, (p) => ({ ...p, versions: replaceAt(p.versions, j, (v) => ({ ...v, ...patch })) }));
        return (
          <fieldset className="definition-item" key={i} data-testid={`offer-plan-${i + 1}`}>
            <legend>{plan.id.trim() || name}</legend>
            <div className="form-row">
              <label className="field">
                <span className="field-label">Id</span>
                <Input
                  path={`${base}.id`}
                  label={`${name} id`}
                  value={plan.id}
                  onChange={(id) => setPlan(i, (p) => ({ ...p, id }))}
                />
              </label>
              <label className="field">
                <span className="field-label">Prosumer</span>
                <Select
                  path={`${base}.participantId`}
                  label={`${name} prosumer`}
                  value={plan.participant}
                  options={
                    plan.participant === '' || prosumers.some(([key]) => key === plan.participant)
                      ? prosumers
                      : [
                          ...prosumers,
                          ...participantOptions(draft).filter(([key]) => key === plan.participant),
                        ]
                  }
                  placeholder="Choose…"
                  onChange={(participant) => setPlan(i, (p) => ({ ...p, participant }))}
                />
              </label>
              <label className="field">
                <span className="field-label">Plan name</span>
                <Input
                  path={`${base}.planName`}
                  label={`${name} plan name`}
                  value={plan.planName}
                  onChange={(planName) => setPlan(i, (p) => ({ ...p, planName }))}
                />
              </label>
              <label className="field">
                <span className="field-label">Provider</span>
                <Input
                  path={`${base}.providerName`}
                  label={`${name} provider`}
                  value={plan.providerName}
                  onChange={(providerName) => setPlan(i, (p) => ({ ...p, providerName }))}
                />
              </label>
              <label className="field">
                <span className="field-label">Energy type</span>
                <Input
                  path={`${base}.energyType`}
                  label={`${name} energy type`}
                  value={plan.energyType}
                  onChange={(energyType) => setPlan(i, (p) => ({ ...p, energyType }))}
                />
              </label>
              <RemoveButton
                label={`Remove ${name.toLowerCase()}`}
                onClick={() => change((d) => ({ ...d, offerPlans: removeAt(d.offerPlans, i) }))}
              />
            </div>
            <FieldError path={`${base}.versions`} />
            <table className="table compact" aria-label={`${name} versions`}>
              <thead>
                <tr>
                  <th scope="col">In force from</th>
                  <th scope="col">Price per kWh</th>
                  <th scope="col">Leftovers to the open market</th>
                  <th scope="col">Market floor per kWh</th>
                  <th scope="col">Feed-in per kWh</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {plan.versions.map((v, j) => {
                  const at = `${base}.versions[${j}]`;
                  const label = `${name} version ${j + 1}`;
                  return (
                    <tr key={j}>
                      <td>
                        <Input
                          type="date"
                          path={`${at}.effectiveFrom`}
                          label={`${label} from`}
                          value={v.effectiveFrom}
                          onChange={(effectiveFrom) => setVersion(j, { effectiveFrom })}
                        />
                      </td>
                      <td>
                        <Input
                          path={`${at}.pricePerKwh`}
                          label={`${label} price per kWh`}
                          value={v.pricePerKwh}
                          size={8}
                          onChange={(pricePerKwh) => setVersion(j, { pricePerKwh })}
                        />
                      </td>
                      <td>
                        <Checkbox
                          path={`${at}.sellsLeftoversToMarket`}
                          label={`${label} sells leftovers to the market`}
                          checked={v.sellsLeftoversToMarket}
                          onChange={(sellsLeftoversToMarket) => setVersion(j, { sellsLeftoversToMarket })}
                        />
                      </td>
                      <td>
                        <Input
                          path={`${at}.marketFloorPricePerKwh`}
                          label={`${label} market floor per kWh`}
                          value={v.marketFloorPricePerKwh}
                          size={8}
                          onChange={(marketFloorPricePerKwh) => setVersion(j, { marketFloorPricePerKwh })}
                        />
                      </td>
                      <td>
                        <Input
                          path={`${at}.feedInPricePerKwh`}
                          label={`${label} feed-in per kWh`}
                          value={v.feedInPricePerKwh}
                          size={8}
                          onChange={(feedInPricePerKwh) => setVersion(j, { feedInPricePerKwh })}
                        />
                      </td>
                      <td>
                        <RemoveButton
                          label={`Remove ${label.toLowerCase()}`}
                          onClick={() => setPlan(i, (p) => ({ ...p, versions: removeAt(p.versions, j) }))}
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
                onClick={() =>
                  setPlan(i, (p) => ({
                    ...p,
                    versions: [
                      ...p.versions,
                      { ...(p.versions.at(-1) ?? emptyOfferVersion(day)), effectiveFrom: day },
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
