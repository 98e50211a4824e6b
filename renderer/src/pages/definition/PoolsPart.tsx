/**
 * Pools: their allocation key in effective-dated versions (prorata, priority, static) and
 * their members, each from a date (and until one), with a rank (priority) or a share (static).
 */
import {
  emptyPool,
  emptyPoolMember,
  emptyPoolVersion,
  removeAt,
  replaceAt,
  type AllocationKey,
  type PoolDraft,
  type PoolMemberDraft,
  type PoolVersionDraft,
} from './draft';
import { effectiveFromSpec, FieldRow, participantSpec, SpecTable, type ColumnSpec } from './field-specs';
import { FieldError, PartCard } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';
import { VersionsTable } from './VersionsTable';

const KEYS: [AllocationKey, string][] = [
  ['prorata', 'prorata (by consumption)'],
  ['priority', 'priority (by rank)'],
  ['static', 'static (fixed shares)'],
];

const POOL_FIELDS: ColumnSpec<PoolDraft>[] = [
  { kind: 'text', key: 'id', title: 'Id' },
  { kind: 'text', key: 'name', title: 'Name' },
];

const VERSION_COLUMNS: ColumnSpec<PoolVersionDraft>[] = [
  { kind: 'select', key: 'key', title: 'Key', options: KEYS },
];

const RANK: ColumnSpec<PoolMemberDraft> = {
  kind: 'text',
  key: 'rank',
  title: 'Rank (1 first)',
  label: 'rank',
  size: 3,
};
const SHARE: ColumnSpec<PoolMemberDraft> = {
  kind: 'text',
  key: 'share',
  title: 'Share (0–1)',
  label: 'share',
  size: 6,
};

/** A member's columns: its rank when a version ranks members, its share when one shares by fixed shares. */
function memberColumns(
  owners: [string, string][],
  showRank: boolean,
  showShare: boolean,
): ColumnSpec<PoolMemberDraft>[] {
  return [
    participantSpec('Participant', owners),
    effectiveFromSpec<PoolMemberDraft>('From'),
    { kind: 'date', key: 'effectiveTo', title: 'Until (optional)', label: 'until' },
    ...(showRank ? [RANK] : []),
    ...(showShare ? [SHARE] : []),
  ];
}

export function PoolsPart({ draft, change, day }: PartProps) {
  const setPool = (i: number, update: (pool: PoolDraft) => PoolDraft) =>
    change((d) => ({ ...d, pools: replaceAt(d.pools, i, update) }));
  return (
    <PartCard
      title="Pools"
      testId="definition-pools"
      paths={['pools']}
      intro="A pool shares each hour's generation of its prosumers among its consumers by its key. A participant belongs to at most one pool at a time."
    >
      {draft.pools.map((pool, i) => (
        <PoolEditor
          key={i}
          index={i}
          pool={pool}
          owners={participantOptions(draft)}
          day={day}
          onChange={(update) => setPool(i, update)}
          onRemove={() => change((d) => ({ ...d, pools: removeAt(d.pools, i) }))}
          allParticipants={draft.participants.map((p) => p.key)}
        />
      ))}
      <p>
        <button type="button" onClick={() => change((d) => ({ ...d, pools: [...d.pools, emptyPool(day)] }))}>
          Add a pool
        </button>
      </p>
    </PartCard>
  );
}

function PoolEditor({
  index: i,
  pool,
  owners,
  day,
  onChange,
  onRemove,
  allParticipants,
}: {
  index: number;
  pool: PoolDraft;
  owners: [string, string][];
  day: string;
  onChange: (update: (pool: PoolDraft) => PoolDraft) => void;
  onRemove: () => void;
  allParticipants: string[];
}) {
  const base = `pools[${i}]`;
  const name = `Pool ${i + 1}`;
  const showRank = pool.versions.some((v) => v.key === 'priority') || pool.members.some((m) => m.rank !== '');
  const showShare = pool.versions.some((v) => v.key === 'static') || pool.members.some((m) => m.share !== '');
  const missing = allParticipants.filter((key) => !pool.members.some((m) => m.participant === key));

  return (
    <fieldset className="definition-item" data-testid={`pool-${i + 1}`}>
      <legend>{pool.id.trim() || name}</legend>
      <FieldRow
        fields={POOL_FIELDS}
        row={pool}
        place={{ at: base, name, set: (patch) => onChange((p) => ({ ...p, ...patch })) }}
        onRemove={onRemove}
      />

      <h3>Key, by version</h3>
      <VersionsTable
        at={base}
        name={name}
        versions={pool.versions}
        columns={VERSION_COLUMNS}
        emptyVersion={emptyPoolVersion}
        day={day}
        onChange={(update) => onChange((p) => ({ ...p, versions: update(p.versions) }))}
      />

      <h3>Members</h3>
      <FieldError path={`${base}.members`} />
      <SpecTable
        label={`${name} members`}
        rows={pool.members}
        columns={memberColumns(owners, showRank, showShare)}
        placeOf={(j) => ({ at: `${base}.members[${j}]`, name: `${name} member ${j + 1}` })}
        onChange={(j, patch) =>
          onChange((p) => ({ ...p, members: replaceAt(p.members, j, (m) => ({ ...m, ...patch })) }))
        }
        onRemove={(j) => onChange((p) => ({ ...p, members: removeAt(p.members, j) }))}
      />
      <p>
        <button
          type="button"
          onClick={() => onChange((p) => ({ ...p, members: [...p.members, emptyPoolMember(day)] }))}
        >
          Add a member
        </button>{' '}
        <button
          type="button"
          disabled={missing.length === 0}
          onClick={() =>
            onChange((p) => ({
              ...p,
              members: [
                ...p.members,
                ...missing.map((key) => emptyPoolMember(p.versions[0]?.effectiveFrom || day, key)),
              ],
            }))
          }
        >
          Add every participant
        </button>
      </p>
    </fieldset>
  );
}
