/**
 * Participants and their physical meters. Virtual meters are not part of the definition:
 * they are made on the Meters screen from these.
 */
import {
  emptyMeter,
  emptyParticipant,
  participantLabel,
  removeAt,
  replaceAt,
  type Draft,
  type MeterDraft,
  type ParticipantDraft,
} from './draft';
import { Checkbox, FieldError, Input, PartCard, RemoveButton, Select } from './fields';

export interface PartProps {
  draft: Draft;
  /** Changes the draft (a part may change others: a participant removed leaves their meters and plans too). */
  change: (update: (draft: Draft) => Draft) => void;
  /** The day new versions and memberships start on. */
  day: string;
}

const COMMODITIES = ['electricity', 'natural-gas', 'water', 'propane', 'steam', 'other'] as const;

/** A participant removed, and what belongs to them: meters, memberships, offer plans, assignments. */
function withoutParticipant(draft: Draft, index: number): Draft {
  const key = draft.participants[index]?.key;
  return {
    ...draft,
    participants: removeAt(draft.participants, index),
    meters: draft.meters.filter((m) => m.participant !== key),
    pools: draft.pools.map((pool) => ({
      ...pool,
      members: pool.members.filter((m) => m.participant !== key),
    })),
    offerPlans: draft.offerPlans.filter((plan) => plan.participant !== key),
    assignments: draft.assignments.filter((a) => a.participant !== key),
  };
}

export function participantOptions(draft: Draft, role?: 'prosumer'): [string, string][] {
  return draft.participants
    .map((p, i) => [p, i] as const)
    .filter(([p]) => role === undefined || p.role === role)
    .map(([p, i]) => [p.key, participantLabel(p, i)]);
}

export function ParticipantsPart({ draft, change }: PartProps) {
  const setParticipant = (i: number, patch: Partial<ParticipantDraft>) =>
    change((d) => ({ ...d, participants: replaceAt(d.participants, i, (p) => ({ ...p, ...patch })) }));
  const setMeter = (i: number, patch: Partial<MeterDraft>) =>
    change((d) => ({ ...d, meters: replaceAt(d.meters, i, (m) => ({ ...m, ...patch })) }));
  const owners = participantOptions(draft);

  return (
    <PartCard
      title="Participants and meters"
      testId="definition-participants"
      paths={['participants', 'meters']}
      intro="Prosumers generate and sell through an offer plan; consumers buy from their pool, and from their utility plan for the rest. Each participant has its physical meters (virtual meters are made on the Meters screen)."
    >
      <table className="table compact" aria-label="Participants">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {draft.participants.map((p, i) => (
            <tr key={p.key} data-testid={`participant-row-${i + 1}`}>
              <td>
                <Input
                  path={`participants[${i}].id`}
                  label={`Participant ${i + 1} id`}
                  value={p.id}
                  onChange={(id) => setParticipant(i, { id })}
                />
              </td>
              <td>
                <Input
                  path={`participants[${i}].name`}
                  label={`Participant ${i + 1} name`}
                  value={p.name}
                  onChange={(name) => setParticipant(i, { name })}
                />
              </td>
              <td>
                <Select
                  path={`participants[${i}].role`}
                  label={`Participant ${i + 1} role`}
                  value={p.role}
                  options={['consumer', 'prosumer']}
                  onChange={(role) => setParticipant(i, { role: role as ParticipantDraft['role'] })}
                />
              </td>
              <td>
                <RemoveButton
                  label={`Remove participant ${i + 1} (with its meters, memberships and plans)`}
                  onClick={() => change((d) => withoutParticipant(d, i))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button
          type="button"
          onClick={() => change((d) => ({ ...d, participants: [...d.participants, emptyParticipant()] }))}
        >
          Add a participant
        </button>
      </p>

      <h3>Meters</h3>
      <table className="table compact" aria-label="Meters">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Participant</th>
            <th scope="col">Name (optional)</th>
            <th scope="col">Direction</th>
            <th scope="col">Meter type</th>
            <th scope="col">Settles</th>
            <th scope="col">Commodity</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {draft.meters.map((m, i) => (
            <tr key={i} data-testid={`meter-row-${i + 1}`}>
              <td>
                <Input
                  path={`meters[${i}].id`}
                  label={`Meter ${i + 1} id`}
                  value={m.id}
                  onChange={(id) => setMeter(i, { id })}
                />
              </td>
              <td>
                <Select
                  path={`meters[${i}].participantId`}
                  label={`Meter ${i + 1} participant`}
                  value={m.participant}
                  options={owners}
                  placeholder="Choose…"
                  onChange={(participant) => setMeter(i, { participant })}
                />
              </td>
              <td>
                <Input
                  path={`meters[${i}].name`}
                  label={`Meter ${i + 1} name`}
                  value={m.name}
                  onChange={(name) => setMeter(i, { name })}
                />
              </td>
              <td>
                <Select
                  path={`meters[${i}].direction`}
                  label={`Meter ${i + 1} direction`}
                  value={m.direction}
                  options={['consumption', 'generation']}
                  onChange={(direction) => setMeter(i, { direction: direction as MeterDraft['direction'] })}
                />
              </td>
              <td>
                <Input
                  path={`meters[${i}].meterType`}
                  label={`Meter ${i + 1} meter type`}
                  value={m.meterType}
                  size={3}
                  onChange={(meterType) => setMeter(i, { meterType })}
                />
              </td>
              <td>
                <Checkbox
                  path={`meters[${i}].settles`}
                  label={`Meter ${i + 1} settles`}
                  checked={m.settles}
                  onChange={(settles) => setMeter(i, { settles })}
                />
              </td>
              <td>
                <Select
                  path={`meters[${i}].commodity`}
                  label={`Meter ${i + 1} commodity`}
                  value={m.commodity}
                  options={COMMODITIES}
                  onChange={(commodity) =>
                    setMeter(i, { commodity, ...(commodity !== 'electricity' ? { settles: false } : {}) })
                  }
                />
                {m.commodity !== 'electricity' ? (
                  <Input
                    path={`meters[${i}].unit`}
                    label={`Meter ${i + 1} unit`}
                    value={m.unit}
                    placeholder="therm, m3, gal…"
                    size={6}
                    onChange={(unit) => setMeter(i, { unit })}
                  />
                ) : (
                  <FieldError path={`meters[${i}].unit`} />
                )}
              </td>
              <td>
                <RemoveButton
                  label={`Remove meter ${i + 1}`}
                  onClick={() => change((d) => ({ ...d, meters: removeAt(d.meters, i) }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button
          type="button"
          onClick={() =>
            change((d) => ({ ...d, meters: [...d.meters, emptyMeter(d.participants.at(-1)?.key ?? '')] }))
          }
        >
          Add a meter
        </button>
      </p>
    </PartCard>
  );
}
