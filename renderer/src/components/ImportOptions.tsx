/**
 * The import wizard's options: the file's kind (detected, or named when detection fails), strict
 * or partial, what to do with rows overlapping stored data, and the mapping (fields, or its
 * JSON). Every change is handed up at once; the wizard checks the file again with it. Each
 * control is named by the label it is shown with (CONTROLS), the words the import advice uses, so
 * a person (or a screen reader) finds “Overlaps stored data” by the name the advice gives it.
 */
import type { ImportKind } from '../api-client';

import { CONTROLS } from './ImportReport';

export interface Choices {
  kind: ImportKind;
  mode: 'strict' | 'partial';
  onConflict: 'reject' | 'replace' | 'keep';
  /** The mapping as JSON text (what the dry run detected, edited by the person). */
  mappingText: string;
}

/** How a change was made: a choice (checked again at once) or typing (checked once it pauses). */
export type ChangeKind = 'choice' | 'typing';

export const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'auto', label: 'detect from the file' },
  { value: 'readings', label: 'readings (CSV or XLSX)' },
  { value: 'market-prices', label: 'market prices' },
  { value: 'payments', label: 'payments' },
  { value: 'workspace', label: 'workspace definition (JSON)' },
  { value: 'green-button', label: 'Green Button (XML)' },
  { value: 'cost-consumption', label: 'cost and consumption (JSON or XML)' },
];

const EDITABLE = [
  'timeColumn',
  'energyColumn',
  'meterColumn',
  'meterId',
  'unit',
  'timezone',
  'timeFormat',
] as const;

/** The mapping text as an object; undefined when empty, 'invalid' when it is not a JSON object. */
export function parseMapping(text: string): Record<string, unknown> | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The mapping to edit field by field: the parsed one, or none yet for a table (null: not editable). */
export function editableMapping(choices: Choices): Record<string, unknown> | null {
  const map = parseMapping(choices.mappingText);
  if (map === 'invalid') return null;
  if (map) return map;
  return choices.kind === 'readings' ? {} : null;
}

export function ImportOptions({
  choices,
  onChange,
  kindUndetected,
}: {
  choices: Choices;
  onChange: (next: Choices, how: ChangeKind) => void;
  /** The file's kind could not be detected: the Kind select is where to name it. */
  kindUndetected: boolean;
}) {
  const editable = editableMapping(choices);
  const setField = (key: string, value: string) => {
    const next = { ...(editable ?? {}) } as Record<string, unknown>;
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(
      { ...choices, mappingText: Object.keys(next).length > 0 ? JSON.stringify(next, null, 2) : '' },
      'typing',
    );
  };
  return (
    <>
      <div className="form-row wizard-options">
        <label className={`field${kindUndetected ? ' field-attention' : ''}`}>
          <span className="field-label">{CONTROLS.kind}</span>
          <select
            aria-label={CONTROLS.kind}
            aria-invalid={kindUndetected || undefined}
            value={choices.kind}
            onChange={(event) =>
              // Another kind reads the file another way: the mapping detected for the last one goes.
              onChange({ ...choices, kind: event.target.value as ImportKind, mappingText: '' }, 'choice')
            }
          >
            {KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{CONTROLS.mode}</span>
          <select
            aria-label={CONTROLS.mode}
            value={choices.mode}
            onChange={(event) =>
              onChange({ ...choices, mode: event.target.value as Choices['mode'] }, 'choice')
            }
          >
            <option value="strict">strict: a bad row stores nothing</option>
            <option value="partial">partial: store the valid rows</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{CONTROLS.onConflict}</span>
          <select
            aria-label={CONTROLS.onConflict}
            value={choices.onConflict}
            onChange={(event) =>
              onChange({ ...choices, onConflict: event.target.value as Choices['onConflict'] }, 'choice')
            }
          >
            <option value="reject">reject (list them)</option>
            <option value="replace">replace (keep the old as superseded)</option>
            <option value="keep">keep what is stored</option>
          </select>
        </label>
      </div>
      {editable ? (
        <div className="mapping-fields">
          {EDITABLE.map((key) => (
            <label key={key} className="field">
              <span className="field-label">{key}</span>
              <input
                aria-label={`mapping ${key}`}
                value={typeof editable[key] === 'string' ? (editable[key] as string) : ''}
                onChange={(event) => setField(key, event.target.value)}
              />
            </label>
          ))}
        </div>
      ) : null}
      <details>
        <summary>Mapping as JSON (every key: docs/formats.md)</summary>
        <textarea
          aria-label="Mapping JSON"
          className="mapping-json"
          rows={10}
          value={choices.mappingText}
          onChange={(event) => onChange({ ...choices, mappingText: event.target.value }, 'typing')}
        />
      </details>
    </>
  );
}
