/**
 * Pools: their allocation key in effective-dated versions (prorata, priority, static) and
 * their members, each from a date (and until one), with a rank (priority) or a share (static).
 */
import { emptyPool, emptyPoolMember, removeAt, replaceAt, type AllocationKey, type PoolDraft } from './draft';
import { FieldError, Input, PartCard, RemoveButton, Select } from './fields';
import { participantOptions, type PartProps } from './ParticipantsPart';

const KEYS: [AllocationKey, string][] = [
  ['prorata', 'prorata (by consumption)'],
  ['priority', 'priority (by rank)'],
  ['static', 'static (fixed shares)'],
];

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
  const setVersion = (j: number, patch: Partial<PoolDraft['versions'][number]>) =>
    onChange((p) => ({ ...p, versions: replaceAt(p.versions, j, (v) => ({ ...v, ...patch })) }));
  const setMember = (j: number, patch: Partial<PoolDraft['members'][number]>) =>
    onChange((p) => ({ ...p, members: replaceAt(p.members, j, (m) => ({ ...m, ...patch })) }));
  const showRank = pool.versions.some((v) => v.key === 'priority') || pool.members.some((m) => m.rank !== '');
  const showShare = pool.versions.some((v) => v.key === 'static') || pool.members.some((m) => m.share !== '');
  const missing = allParticipants.filter((key) => !pool.members.some((m) => m.participant === key));

  return (
    <fieldset className="definition-item" data-testid={`pool-${i + 1}`}>
      <legend>{pool.id.trim() || name}</legend>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Id</span>
          <Input
            path={`${base}.id`}
            label={`${name} id`}
            value={pool.id}
            onChange={(id) => onChange((p) => ({ ...p, id }))}
          />
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <Input
            path={`${base}.name`}
            label={`${name} name`}
            value={pool.name}
            onChange={(poolName) => onChange((p) => ({ ...p, name: poolName }))}
          />
        </label>
        <RemoveButton label={`Remove ${name.toLowerCase()}`} onClick={onRemove} />
      </div>

      <h3>Key, by version</h3>
      <FieldError path={`${base}.versions`} />
      <table className="table compact" aria-label={`${name} versions`}>
        <thead>
          <tr>
            <th scope="col">In force from</th>
            <th scope="col">Key</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {pool.versions.map((v, j) => (
            <tr key={j}>
              <td>
                <Input
                  type="date"
                  path={`${base}.versions[${j}].effectiveFrom`}
                  label={`${name} version ${j + 1} from`}
                  value={v.effectiveFrom}
                  onChange={(effectiveFrom) => setVersion(j, { effectiveFrom })}
                />
              </td>
              <td>
                <Select
                  path={`${base}.versions[${j}].key`}
                  label={`${name} version ${j + 1} key`}
                  value={v.key}
                  options={KEYS}
                  onChange={(key) => setVersion(j, { key: key as AllocationKey })}
                />
              </td>
              <td>
                <RemoveButton
                  label={`Remove ${name.toLowerCase()} version ${j + 1}`}
                  onClick={() => onChange((p) => ({ ...p, versions: removeAt(p.versions, j) }))}
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
            onChange((p) => ({
              ...p,
              versions: [...p.versions, { effectiveFrom: day, key: p.versions.at(-1)?.key ?? 'prorata' }],
            }))
          }
        >
          Add a version
        </button>
      </p>

      <h3>Members</h3>
      <FieldError path={`${base}.members`} />
      <table className="table compact" aria-label={`${name} members`}>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">From</th>
            <th scope="col">Until (optional)</th>
            {showRank ? <th scope="col">Rank (1 first)</th> : null}
            {showShare ? <th scope="col">Share (0–1)</th> : null}
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {pool.members.map((m, j) => {
            const at = `${base}.members[${j}]`;
            const label = `${name} member ${j + 1}`;
            return (
              <tr key={j}>
                <td>
                  <Select
                    path={`${at}.participantId`}
                    label={`${label} participant`}
                    value={m.participant}
                    options={owners}
                    placeholder="Choose…"
                    onChange={(participant) => setMember(j, { participant })}
                  />
                </td>
                <td>
                  <Input
                    type="date"
                    path={`${at}.effectiveFrom`}
                    label={`${label} from`}
                    value={m.effectiveFrom}
                    onChange={(effectiveFrom) => setMember(j, { effectiveFrom })}
                  />
                </td>
                <td>
                  <Input
                    type="date"
                    path={`${at}.effectiveTo`}
                    label={`${label} until`}
                    value={m.effectiveTo}
                    onChange={(effectiveTo) => setMember(j, { effectiveTo })}
                  />
                </td>
                {showRank ? (
                  <td>
                    <Input
                      path={`${at}.rank`}
                      label={`${label} rank`}
                      value={m.rank}
                      size={3}
                      onChange={(rank) => setMember(j, { rank })}
                    />
                  </td>
                ) : null}
                {showShare ? (
                  <td>
                    <Input
                      path={`${at}.share`}
                      label={`${label} share`}
                      value={m.share}
                      size={6}
                      onChange={(share) => setMember(j, { share })}
                    />
                  </td>
                ) : null}
                <td>
                  <RemoveButton
                    label={`Remove ${label.toLowerCase()}`}
                    onClick={() => onChange((p) => ({ ...p, members: removeAt(p.members, j) }))}
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
