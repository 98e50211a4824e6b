/**
 * An item's effective-dated versions (an offer plan's prices, a pool's key, a utility plan's
 * rate): the errors main gave for the list, each version from its first day with its own
 * fields and a button that removes it, and a button that adds a version from the editor's
 * day (a copy of the last, so that a change of price starts from the price before).
 */
import { Fragment, type ReactNode } from 'react';

import { removeAt, replaceAt } from './draft';
import { effectiveFromSpec, SpecTable, type ColumnSpec, type RowPlace } from './field-specs';
import { FieldError } from './fields';

/** A version's place, and how it is removed, for a version shown as a block of its own. */
export type VersionPlace<V> = RowPlace<V> & { remove: () => void };

export function VersionsTable<V extends { effectiveFrom: string }>({
  at,
  name,
  versions,
  columns = [],
  emptyVersion,
  day,
  onChange,
  renderVersion,
}: {
  /** The JSON path of the item whose versions these are (`offerPlans[0]`). */
  at: string;
  /** The item's name (`Offer plan 1`). */
  name: string;
  versions: V[];
  /** A version's fields after its first day, as the table's columns. */
  columns?: ColumnSpec<V>[];
  /** The version a new one starts as when there is none to copy. */
  emptyVersion: (day: string) => V;
  /** The day a new version starts on. */
  day: string;
  onChange: (update: (versions: V[]) => V[]) => void;
  /**
   * Each version shown as a block of its own instead of a table row (a TOU rate's 24
   * prices do not fit in one).
   */
  renderVersion?: (version: V, place: VersionPlace<V>) => ReactNode;
}) {
  const placeOf = (j: number) => ({ at: `${at}.versions[${j}]`, name: `${name} version ${j + 1}` });
  const setVersion = (j: number, patch: Partial<V>) =>
    onChange((list) => replaceAt(list, j, (v) => ({ ...v, ...patch })));
  const removeVersion = (j: number) => onChange((list) => removeAt(list, j));
  return (
    <>
      <FieldError path={`${at}.versions`} />
      {renderVersion ? (
        versions.map((version, j) => (
          <Fragment key={j}>
            {renderVersion(version, {
              ...placeOf(j),
              set: (patch) => setVersion(j, patch),
              remove: () => removeVersion(j),
            })}
          </Fragment>
        ))
      ) : (
        <SpecTable
          label={`${name} versions`}
          rows={versions}
          columns={[effectiveFromSpec<V>('In force from'), ...columns]}
          placeOf={placeOf}
          onChange={setVersion}
          onRemove={removeVersion}
        />
      )}
      <p>
        <button
          type="button"
          onClick={() =>
            onChange((list) => [...list, { ...(list.at(-1) ?? emptyVersion(day)), effectiveFrom: day }])
          }
        >
          Add a version
        </button>
      </p>
    </>
  );
}
