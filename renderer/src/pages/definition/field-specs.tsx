/**
 * The editor's rows as data: each field a spec (its title, the draft's key, main's JSON path
 * for it, and its kind), laid out as a table's cells or as a form row of labelled fields.
 * Every field's accessible name is its row's name and its label (`Meter 2 direction`), and its
 * errors are the ones main answered for `${row's path}.${field's path}`, as the fields show them.
 */
import type { ReactNode } from 'react';

import { Checkbox, Input, RemoveButton, Select } from './fields';

/** The keys of `T` whose values are `V`. */
type KeyOf<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T] & string;

type Options = readonly (string | [value: string, label: string])[];

/** Where a row stands: its JSON path (`meters[1]`), its name (`Meter 2`) and how it changes. */
export interface RowPlace<T> {
  at: string;
  name: string;
  set: (patch: Partial<T>) => void;
}

interface SpecBase<T> {
  /** The column's header, or the field's label above it. */
  title: string;
  /** The end of the field's accessible name; the title, lower-cased at its start, when absent. */
  label?: string;
  /** The field's path after its row's, as main names it; the key when absent. */
  path?: string;
  /** Shown after the field, in its cell (a field that goes with it, errors of its group). */
  after?: (row: T, place: RowPlace<T>) => ReactNode;
}

export type ColumnSpec<T> = SpecBase<T> &
  (
    | {
        kind: 'text' | 'date';
        key: KeyOf<T, string>;
        size?: number;
        placeholder?: string;
      }
    | {
        kind: 'select';
        key: KeyOf<T, string>;
        options: Options | ((row: T) => Options);
        placeholder?: string;
        /** What choosing `value` changes; the key alone when absent. */
        patch?: (value: string, row: T) => Partial<T>;
      }
    | { kind: 'checkbox'; key: KeyOf<T, boolean> }
  );

/** A date field of a row whose key is `effectiveFrom` (a version's, a member's, an assignment's). */
export function effectiveFromSpec<T extends { effectiveFrom: string }>(title: string): ColumnSpec<T> {
  // `effectiveFrom` is a string key of every such T; TypeScript cannot see it through the generic.
  return { kind: 'date', key: 'effectiveFrom' as KeyOf<T, string>, title, label: 'from' };
}

/** A row's participant, chosen among `options` (main names it by the participant's id). */
export function participantSpec<T extends { participant: string }>(
  title: string,
  options: Options | ((row: T) => Options),
): ColumnSpec<T> {
  // As above: `participant` is a string key of every such T.
  return {
    kind: 'select',
    key: 'participant' as KeyOf<T, string>,
    path: 'participantId',
    title,
    options,
    placeholder: 'Choose…',
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** One field of a row, by its spec, with its errors below it. */
export function SpecField<T>({ spec, row, place }: { spec: ColumnSpec<T>; row: T; place: RowPlace<T> }) {
  const path = `${place.at}.${spec.path ?? spec.key}`;
  const label = `${place.name} ${spec.label ?? lowerFirst(spec.title)}`;
  const patchOf = (value: unknown) => ({ [spec.key]: value }) as Partial<T>;
  let field: ReactNode;
  switch (spec.kind) {
    case 'checkbox':
      field = (
        <Checkbox
          path={path}
          label={label}
          checked={row[spec.key] as boolean}
          onChange={(checked) => place.set(patchOf(checked))}
        />
      );
      break;
    case 'select':
      field = (
        <Select
          path={path}
          label={label}
          value={row[spec.key] as string}
          options={typeof spec.options === 'function' ? spec.options(row) : spec.options}
          placeholder={spec.placeholder}
          onChange={(value) => place.set(spec.patch ? spec.patch(value, row) : patchOf(value))}
        />
      );
      break;
    default:
      field = (
        <Input
          type={spec.kind}
          path={path}
          label={label}
          value={row[spec.key] as string}
          size={spec.size}
          placeholder={spec.placeholder}
          onChange={(value) => place.set(patchOf(value))}
        />
      );
  }
  return (
    <>
      {field}
      {spec.after?.(row, place)}
    </>
  );
}

/** The fields of one item in a row, each labelled above, and the button that removes the item. */
export function FieldRow<T>({
  fields,
  row,
  place,
  onRemove,
}: {
  fields: ColumnSpec<T>[];
  row: T;
  place: RowPlace<T>;
  onRemove: () => void;
}) {
  return (
    <div className="form-row">
      {fields.map((spec) => (
        <label className="field" key={spec.title}>
          <span className="field-label">{spec.title}</span>
          <SpecField spec={spec} row={row} place={place} />
        </label>
      ))}
      <RemoveButton label={`Remove ${place.name.toLowerCase()}`} onClick={onRemove} />
    </div>
  );
}

/** A table of rows, a column a spec, each row with the button that removes it. */
export function SpecTable<T>({
  label,
  rows,
  columns,
  placeOf,
  onChange,
  onRemove,
  rowKey = (_, i) => i,
  rowTestId,
  removeLabel = (name) => `Remove ${name.toLowerCase()}`,
}: {
  /** The table's accessible name. */
  label: string;
  rows: T[];
  columns: ColumnSpec<T>[];
  /** Row `i`'s JSON path and name. */
  placeOf: (i: number) => { at: string; name: string };
  onChange: (i: number, patch: Partial<T>) => void;
  onRemove: (i: number) => void;
  rowKey?: (row: T, i: number) => string | number;
  rowTestId?: (i: number) => string;
  /** The remove button's accessible name, by the row's name. */
  removeLabel?: (name: string) => string;
}) {
  return (
    <table className="table compact" aria-label={label}>
      <thead>
        <tr>
          {columns.map((spec) => (
            <th scope="col" key={spec.title}>
              {spec.title}
            </th>
          ))}
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const place: RowPlace<T> = { ...placeOf(i), set: (patch) => onChange(i, patch) };
          return (
            <tr key={rowKey(row, i)} data-testid={rowTestId?.(i)}>
              {columns.map((spec) => (
                <td key={spec.title}>
                  <SpecField spec={spec} row={row} place={place} />
                </td>
              ))}
              <td>
                <RemoveButton label={removeLabel(place.name)} onClick={() => onRemove(i)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
