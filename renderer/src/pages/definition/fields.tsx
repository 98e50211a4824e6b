/**
 * The editor's inputs, each beside the errors main answered for its JSON path
 * (`participants[2].name`), as the accounts editor shows the API's per-field errors.
 */
import { createContext, useContext, type ReactNode } from 'react';

import type { FieldErrors } from '../../../../shared/definition';

export const FieldErrorsContext = createContext<FieldErrors>({});

/** The messages main gave for exactly `path`. */
export function useErrorsAt(path: string): string[] {
  return useContext(FieldErrorsContext)[path] ?? [];
}

/** The errors of `path`, beside its field; nothing when there are none. */
export function FieldError({ path }: { path: string }) {
  const messages = useErrorsAt(path);
  if (messages.length === 0) return null;
  return (
    <span className="field-error" role="alert" data-testid={`error-${path}`} id={`error-${path}`}>
      {messages.join('; ')}
    </span>
  );
}

interface InputProps {
  /** The JSON path main names this value by. */
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date';
  placeholder?: string;
  list?: string;
  size?: number;
}

/** An input with an accessible name (for a table cell) and its errors below it. */
export function Input({ path, label, value, onChange, type = 'text', placeholder, list, size }: InputProps) {
  const invalid = useErrorsAt(path).length > 0;
  return (
    <>
      {/* A date is typed as the rest of the app writes it, YYYY-MM-DD, never in the browser's locale. */}
      <input
        aria-label={label}
        type="text"
        value={value}
        placeholder={placeholder ?? (type === 'date' ? 'YYYY-MM-DD' : undefined)}
        {...(type === 'date' ? { inputMode: 'numeric' as const, pattern: '\\d{4}-\\d{2}-\\d{2}' } : {})}
        list={list}
        size={size ?? (type === 'date' ? 11 : undefined)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `error-${path}` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError path={path} />
    </>
  );
}

/** A labelled field (label above the input), for forms laid out in a row. */
export function TextField(props: InputProps & { title?: string; wide?: boolean }) {
  return (
    <label className={props.wide ? 'field wide' : 'field'}>
      <span className="field-label">{props.title ?? props.label}</span>
      <Input {...props} />
    </label>
  );
}

interface SelectProps {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | [value: string, label: string])[];
  /** Shown as the first, empty choice. */
  placeholder?: string;
}

export function Select({ path, label, value, onChange, options, placeholder }: SelectProps) {
  const invalid = useErrorsAt(path).length > 0;
  const pairs = options.map((option) => (typeof option === 'string' ? [option, option] : option));
  return (
    <>
      <select
        aria-label={label}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `error-${path}` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined || !pairs.some(([v]) => v === value) ? (
          <option value="">{placeholder ?? '—'}</option>
        ) : null}
        {pairs.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <FieldError path={path} />
    </>
  );
}

export function Checkbox({
  path,
  label,
  checked,
  onChange,
}: {
  path: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <>
      <input
        type="checkbox"
        aria-label={label}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <FieldError path={path} />
    </>
  );
}

/** A part of the definition: its title, what it is, and errors main gave for the part as a whole. */
export function PartCard({
  title,
  testId,
  paths,
  children,
  intro,
}: {
  title: string;
  testId: string;
  /** Paths of the part as a whole (`meters`, `pools[0].members`): their errors show at its head. */
  paths: string[];
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card definition-part" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {paths.map((path) => (
        <FieldError key={path} path={path} />
      ))}
      {children}
    </section>
  );
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="link-button" aria-label={label} title={label} onClick={onClick}>
      Remove
    </button>
  );
}
