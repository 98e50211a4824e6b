/**
 * One list of an account's rows on the editor (summary usages, capacity tags, transmission tags):
 * a table of text inputs, a row removed or added, the list's field errors under it.
 */
import type { Dispatch, SetStateAction } from 'react';

import type { OperationError } from '../../../../shared/contract';

import type { Form } from './account-form';
import { FieldError } from './FieldError';

export function RowsTable({
  list,
  columns,
  label,
  errorKeys,
  form,
  setForm,
  error,
}: {
  list: 'usages' | 'capacity' | 'transmission';
  /** Each column's key in the row and its title. */
  columns: [string, string][];
  label: string;
  errorKeys: string[];
  form: Form;
  setForm: Dispatch<SetStateAction<Form>>;
  error: OperationError | null;
}) {
  return (
    <fieldset>
      <legend>{label}</legend>
      <table className="table compact" aria-label={label}>
        <thead>
          <tr>
            {columns.map(([, title]) => (
              <th key={title} scope="col">
                {title}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {form[list].map((row, i) => (
            <tr key={i}>
              {columns.map(([key, title]) => (
                <td key={key}>
                  <input
                    aria-label={`${label} ${i + 1} ${title}`}
                    value={row[key] ?? ''}
                    onChange={(e) =>
                      setForm((f) => ({
                        ...f,
                        [list]: f[list].map((r, k) => (k === i ? { ...r, [key]: e.target.value } : r)),
                      }))
                    }
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  onClick={() => setForm((f) => ({ ...f, [list]: f[list].filter((_, k) => k !== i) }))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          setForm((f) => ({ ...f, [list]: [...f[list], Object.fromEntries(columns.map(([k]) => [k, '']))] }))
        }
      >
        Add a row
      </button>
      <FieldError error={error} keys={errorKeys} />
    </fieldset>
  );
}
