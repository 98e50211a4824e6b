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
import { participantSpec, SpecField, SpecTable, type ColumnSpec } from './field-specs';
import { FieldError, PartCard } from './fields';

export interface PartProps {
  draft: Draft;
  /** Changes the draft (a part may change others: a participant removed leaves their meters and plans too). */
  change: (update: (draft: Draft) => Draft) => void;
  /** The day new versions and memberships start on. */
  day: string;
}

const COMMODITIES = ['electricity', 'natural-gas', 'water', 'propane', 'steam', 'other'] as const;

const PARTICIPANT_COLUMNS: ColumnSpec<ParticipantDraft>[] = [
  { kind: 'text', key: 'id', title: 'Id' },
  { kind: 'text', key: 'name', title: 'Name' },
  { kind: 'select', key: 'role', title: 'Role', options: ['consumer', 'prosumer'] },
];

/** Another commodity's unit, in its commodity's cell. */
const UNIT: ColumnSpec<MeterDraft> = {
  kind: 'text',
  key: 'unit',
  title: 'Unit',
  placeholder: 'therm, m3, gal…',
  size: 6,
};

/** A meter's columns; `owners` are the participants it may belong to. */
function meterColumns(owners: [string, string][]): ColumnSpec<MeterDraft>[] {
  return [
    { kind: 'text', key: 'id', title: 'Id' },
    participantSpec('Participant', owners),
    { kind: 'text', key: 'name', title: 'Name (optional)', label: 'name' },
    { kind: 'select', key: 'direction', title: 'Direction', options: ['consumption', 'generation'] },
    { kind: 'text', key: 'meterType', title: 'Meter type', size: 3 },
    { kind: 'checkbox', key: 'settles', title: 'Settles' },
    {
      kind: 'select',
      key: 'commodity',
      title: 'Commodity',
      options: COMMODITIES,
      // Only electricity settles: main refuses a meter of another commodity that does.
      patch: (commodity) => ({ commodity, ...(commodity !== 'electricity' ? { settles: false } : {}) }),
      // Another commodity's unit, beside it (its errors show either way).
      after: (m, place) =>
        m.commodity !== 'electricity' ? (
          <SpecField spec={UNIT} row={m} place={place} />
        ) : (
          <FieldError path={`${place.at}.unit`} />
        ),
    },
  ];
}

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
      <SpecTable
        label="Participants"
        rows={draft.participants}
        columns={PARTICIPANT_COLUMNS}
        placeOf={(i) => ({ at: `participants[${i}]`, name: `Participant ${i + 1}` })}
        onChange={setParticipant}
        onRemove={(i) => change((d) => withoutParticipant(d, i))}
        rowKey={(p) => p.key}
        rowTestId={(i) => `participant-row-${i + 1}`}
        removeLabel={(name) => `Remove ${name.toLowerCase()} (with its meters, memberships and plans)`}
      />
      <p>
        <button
          type="button"
          onClick={() => change((d) => ({ ...d, participants: [...d.participants, emptyParticipant()] }))}
        >
          Add a participant
        </button>
      </p>

      <h3>Meters</h3>
      <SpecTable
        label="Meters"
        rows={draft.meters}
        columns={meterColumns(owners)}
        placeOf={(i) => ({ at: `meters[${i}]`, name: `Meter ${i + 1}` })}
        onChange={setMeter}
        onRemove={(i) => change((d) => ({ ...d, meters: removeAt(d.meters, i) }))}
        rowTestId={(i) => `meter-row-${i + 1}`}
      />
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
