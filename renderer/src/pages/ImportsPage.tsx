/**
 * The import wizard and the import log. Pick or drop a file; Energy Ledger
 * reads it without storing anything (a dry run) and shows the format it
 * detected, the mapping and timezone it read the rows with, the first
 * readings as they will be stored, and its report (rejected rows with line,
 * column and value). Change the mapping, strict or partial, the conflict rule,
 * check again; then import. Below: every import with its report, and undo.
 */
import { useState, type DragEvent } from 'react';

import type { ImportReportDto, OperationError } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ErrorLine, Loading } from '../components/Status';
import { useResult } from '../hooks';

/** The file being imported: bytes from the page (browser), or one the desktop app's dialog chose. */
interface Chosen {
  name: string;
  size?: number;
  file?: File;
}

interface Choices {
  mode: 'strict' | 'partial';
  onConflict: 'reject' | 'replace' | 'keep';
  /** The mapping as JSON text (what the dry run detected, edited by the person). */
  mappingText: string;
}

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
function parseMapping(text: string): Record<string, unknown> | undefined | 'invalid' {
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

export function ImportsPage() {
  const client = useClient();
  const [file, setFile] = useState<Chosen | null>(null);
  const [choices, setChoices] = useState<Choices>({ mode: 'strict', onConflict: 'reject', mappingText: '' });
  const [preview, setPreview] = useState<ImportReportDto | null>(null);
  const [result, setResult] = useState<ImportReportDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [busy, setBusy] = useState(false);
  const [profileName, setProfileName] = useState('');
  const [profileMessage, setProfileMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [undoMessage, setUndoMessage] = useState<string | null>(null);
  const log = useResult(`imports:${generation}`, () => client['imports:list']({ limit: 100 }));

  const mapping = () => parseMapping(choices.mappingText);

  const run = async (dryRun: boolean, chosen: Chosen | null = file, current: Choices = choices) => {
    if (!chosen && client.transport !== 'electron') return;
    const map = parseMapping(current.mappingText);
    if (map === 'invalid') {
      setError({ code: 'invalid_input', message: 'The mapping is not a JSON object.' });
      return;
    }
    setBusy(true);
    setError(null);
    if (!dryRun) setResult(null);
    const options = {
      mode: current.mode,
      onConflict: current.onConflict,
      dryRun,
      ...(map ? { mapping: map } : {}),
    };
    const answer = chosen?.file
      ? await client.uploadFile(chosen.file, 'auto', options)
      : // Desktop: the system's dialog picks the file; once picked, the same file is read again.
        await client.pickAndImport({ ...options, sameFile: chosen !== null });
    if (answer.ok && !chosen?.file)
      setFile({
        name: answer.value.fileName,
        ...(answer.value.sizeBytes !== undefined ? { size: answer.value.sizeBytes } : {}),
      });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      if (dryRun) setPreview(null);
      setGeneration((g) => g + 1);
      return;
    }
    if (dryRun) {
      setPreview(answer.value);
      // Show what was detected as the mapping to edit (readings only).
      if (answer.value.mapping && current.mappingText.trim() === '')
        setChoices({ ...current, mappingText: JSON.stringify(answer.value.mapping, null, 2) });
    } else {
      setResult(answer.value);
      setPreview(null);
      setGeneration((g) => g + 1);
    }
  };

  const choose = (picked: File | null) => {
    const chosen: Chosen | null = picked ? { name: picked.name, size: picked.size, file: picked } : null;
    setFile(chosen);
    setPreview(null);
    setResult(null);
    setError(null);
    const fresh = { ...choices, mappingText: '' };
    setChoices(fresh);
    if (chosen) void run(true, chosen, fresh);
  };

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    choose(event.dataTransfer.files[0] ?? null);
  };

  const editable = (() => {
    const map = mapping();
    return map && map !== 'invalid' ? map : null;
  })();
  const setField = (key: string, value: string) => {
    const map = editable ?? {};
    const next = { ...map } as Record<string, unknown>;
    if (value === '') delete next[key];
    else next[key] = value;
    setChoices({ ...choices, mappingText: JSON.stringify(next, null, 2) });
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Imports</h1>
        <span className="muted">
          readings (CSV, XLSX, Green Button XML), market prices, payments, workspace definitions
        </span>
      </div>
      <div className="card">
        <h2>Import a file</h2>
        {client.transport === 'electron' ? (
          <p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => {
                setFile(null);
                setPreview(null);
                setResult(null);
                const fresh = { ...choices, mappingText: '' };
                setChoices(fresh);
                void run(true, null, fresh);
              }}
            >
              Choose a file…
            </button>
          </p>
        ) : null}
        <label
          className={client.transport === 'electron' ? 'drop-zone hidden' : 'drop-zone'}
          onDragOver={(event) => event.preventDefault()}
          onDrop={onDrop}
        >
          <input
            type="file"
            aria-label="File to import"
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
          />
          <span>
            {file
              ? `${file.name}${file.size !== undefined ? ` (${file.size.toLocaleString('en')} bytes)` : ''}`
              : 'Drop a file here, or choose one'}
          </span>
        </label>
        {file ? (
          <div className="form-row wizard-options">
            <label className="field">
              <span className="field-label">Rows rejected</span>
              <select
                aria-label="Mode"
                value={choices.mode}
                onChange={(event) => setChoices({ ...choices, mode: event.target.value as Choices['mode'] })}
              >
                <option value="strict">strict: a bad row stores nothing</option>
                <option value="partial">partial: store the valid rows</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">Overlaps stored data</span>
              <select
                aria-label="On conflict"
                value={choices.onConflict}
                onChange={(event) =>
                  setChoices({ ...choices, onConflict: event.target.value as Choices['onConflict'] })
                }
              >
                <option value="reject">reject (list them)</option>
                <option value="replace">replace (keep the old as superseded)</option>
                <option value="keep">keep what is stored</option>
              </select>
            </label>
          </div>
        ) : null}
        {file && editable ? (
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
        {file ? (
          <details>
            <summary>Mapping as JSON (every key: docs/formats.md)</summary>
            <textarea
              aria-label="Mapping JSON"
              className="mapping-json"
              rows={10}
              value={choices.mappingText}
              onChange={(event) => setChoices({ ...choices, mappingText: event.target.value })}
            />
          </details>
        ) : null}
        {file ? (
          <div className="form-row">
            <button type="button" disabled={busy} onClick={() => void run(true)}>
              Check again
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || preview === null}
              onClick={() => void run(false)}
            >
              Import {file.name}
            </button>
            {editable ? (
              <span className="profile-save">
                <input
                  aria-label="Profile name"
                  placeholder="profile name"
                  value={profileName}
                  onChange={(event) => setProfileName(event.target.value)}
                />
                <button
                  type="button"
                  disabled={profileName.trim() === ''}
                  onClick={async () => {
                    const saved = await client['import-profiles:save']({
                      name: profileName.trim(),
                      mapping: editable as never,
                    });
                    setProfileMessage(
                      saved.ok ? `Saved as profile “${saved.value.name}”.` : saved.error.message,
                    );
                  }}
                >
                  Save mapping as profile
                </button>
              </span>
            ) : null}
          </div>
        ) : null}
        {profileMessage ? <p className="muted">{profileMessage}</p> : null}
        {busy ? <Loading>Reading {file?.name}…</Loading> : null}
        {error ? <RejectedReport error={error} /> : null}
        {preview ? <Report report={preview} title="Dry run: nothing stored yet" /> : null}
        {result ? <Report report={result} title="Imported" /> : null}
      </div>
      <div className="card">
        <h2>Past imports</h2>
        {log.status === 'loading' ? <Loading>Loading the import log…</Loading> : null}
        {log.status === 'error' ? <ErrorLine error={log.error} /> : null}
        {undoMessage ? (
          <p className="status" role="status" data-testid="undo-message">
            {undoMessage}
          </p>
        ) : null}
        {log.status === 'ok' ? (
          <ImportLog
            imports={log.value}
            onUndone={(message) => {
              setUndoMessage(message);
              setGeneration((g) => g + 1);
            }}
          />
        ) : null}
      </div>
    </section>
  );
}

function RejectedReport({ error }: { error: OperationError }) {
  const fields = Object.entries(error.fields ?? {});
  return (
    <div className="status status-error" role="alert" data-testid="import-error">
      <p>{error.message}</p>
      {fields.length > 0 ? (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {fields.slice(0, 200).map(([where, messages]) => (
              <tr key={where}>
                <td>
                  <code>{where}</code>
                </td>
                <td>{messages.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Report({ report, title }: { report: ImportReportDto; title: string }) {
  return (
    <div
      className="import-report"
      data-testid={report.status === 'dry-run' ? 'import-preview' : 'import-result'}
    >
      <h3>{title}</h3>
      <p>{report.message}</p>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>
          {report.kind}
          {report.format ? ` (${report.format})` : ''}
        </dd>
        {report.encoding ? (
          <>
            <dt>Read as</dt>
            <dd>
              {report.encoding}
              {report.timezone ? `, times without offset in ${report.timezone}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Rows</dt>
        <dd>
          {report.rowsRead} read, {report.rowsStored} {report.status === 'dry-run' ? 'to store' : 'stored'}
          {report.rowsRejected ? `, ${report.rowsRejected} rejected` : ''}
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code>{report.sha256}</code>
        </dd>
      </dl>
      {report.preview && report.preview.length > 0 ? (
        <table className="table compact" data-testid="import-preview-rows">
          <caption>The first readings as they will be stored</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Meter</th>
              <th scope="col">Start (UTC)</th>
              <th scope="col" className="num">
                Minutes
              </th>
              <th scope="col" className="num">
                kWh
              </th>
            </tr>
          </thead>
          <tbody>
            {report.preview.map((row) => (
              <tr key={`${row.line}-${row.meterId}-${row.start}`}>
                <td>{row.line}</td>
                <td>{row.meterId}</td>
                <td>{row.start}</td>
                <td className="num">{row.minutes}</td>
                <td className="num">{row.kWh}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.meters && report.meters.length > 0 ? (
        <table className="table compact">
          <caption>Per meter</caption>
          <thead>
            <tr>
              <th scope="col">Meter</th>
              <th scope="col" className="num">
                Readings
              </th>
              <th scope="col">From (UTC)</th>
              <th scope="col">To (UTC)</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {report.meters.map((m) => (
              <tr key={m.meterId}>
                <td>{m.meterId}</td>
                <td className="num">{m.readings}</td>
                <td>{m.from}</td>
                <td>{m.to}</td>
                <td className="num">
                  {m.totalKWh !== undefined ? `${m.totalKWh} kWh` : `${m.total} ${m.unit}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.rejectedRows.length > 0 ? (
        <details>
          <summary>{report.rowsRejected ?? report.rejectedRows.length} rejected row(s)</summary>
          <ul>
            {report.rejectedRows.slice(0, 200).map((row) => (
              <li key={`${row.line}-${row.column}-${row.message}`}>
                line {row.line}, {row.column}: “{row.value}” {row.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function ImportLog({
  imports,
  onUndone,
}: {
  imports: ImportReportDto[];
  onUndone: (message: string) => void;
}) {
  const client = useClient();
  if (imports.length === 0) return <p>Nothing imported yet.</p>;
  return (
    <>
      <table className="table" data-testid="import-log">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Stored
            </th>
            <th scope="col">Report</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {imports.map((entry) => (
            <tr key={entry.importId} data-import={entry.importId}>
              <th scope="row">{entry.importId}</th>
              <td>{entry.fileName}</td>
              <td>
                {entry.kind}
                {entry.format ? ` (${entry.format})` : ''}
              </td>
              <td>
                <span className={`chip chip-${entry.removed ? 'removed' : entry.status}`}>
                  {entry.removed ? 'removed' : entry.status}
                </span>
              </td>
              <td className="num">{entry.rowsStored}</td>
              <td>
                <details>
                  <summary>{entry.message.slice(0, 80)}</summary>
                  <pre className="manifest">{JSON.stringify(entry, null, 2)}</pre>
                </details>
              </td>
              <td>
                {entry.status === 'stored' && !entry.removed && entry.kind !== 'workspace' ? (
                  <button
                    type="button"
                    onClick={async () => {
                      const sure = window.confirm(
                        `Undo import #${entry.importId} (${entry.fileName})? Its ${entry.rowsStored} row(s) are taken out (what it replaced comes back); published runs that used it stay as they are until their month is settled again.`,
                      );
                      if (!sure) return;
                      const undone = await client['imports:remove']({ importId: entry.importId });
                      onUndone(undone.ok ? undone.value.message : undone.error.message);
                    }}
                  >
                    Undo
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
