/**
 * The import wizard and the import log. Pick or drop a file; Energy Ledger
 * reads it without storing anything (a dry run) and shows the format it
 * detected, the mapping and timezone it read the rows with, the first
 * readings as they will be stored, and its report (rejected rows with line,
 * column and value; rows overlapping stored data with what they overlap).
 * Every change of an option (kind, strict or partial, the conflict rule, the
 * mapping) checks the file again at once; then import. An import that changes
 * a settled month says so, with the way to settle it again; one that stores
 * readings in months not settled yet links to settling each. Below: every
 * import with its report, and undo.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';

import type { ImportReportDto, OperationError } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ImportLog } from '../components/ImportLog';
import {
  editableMapping,
  ImportOptions,
  parseMapping,
  type ChangeKind,
  type Choices,
} from '../components/ImportOptions';
import { ImportRefusal, ImportReport } from '../components/ImportReport';
import { ErrorLine, Loading } from '../components/Status';
import { formatNumber } from '../format';
import { useResult } from '../hooks';

/** The file being imported: bytes from the page (browser), or one the desktop app's dialog chose. */
interface Chosen {
  name: string;
  size?: number;
  file?: File;
}

const FRESH: Choices = { kind: 'auto', mode: 'strict', onConflict: 'reject', mappingText: '' };
/** Typing in the mapping checks the file again once it pauses this long (ms); a choice at once. */
const TYPING_PAUSE = 400;

/** What a check depends on: the file chosen (its generation) and the options, the mapping as parsed. */
function keyOf(generation: number, choices: Choices): string {
  const mapping = parseMapping(choices.mappingText);
  return JSON.stringify([generation, choices.kind, choices.mode, choices.onConflict, mapping ?? null]);
}

export function ImportsPage({
  onDataChanged,
}: {
  /** An import stored data, or one was undone. */
  onDataChanged?: () => void;
}) {
  const client = useClient();
  const [file, setFile] = useState<Chosen | null>(null);
  /** Counts the files chosen, so that a check of an earlier file is never taken for this one's. */
  const [fileGeneration, setFileGeneration] = useState(0);
  const [choices, setChoices] = useState<Choices>(FRESH);
  const [preview, setPreview] = useState<ImportReportDto | null>(null);
  /** The key of the options the preview (or the check's error) answers. */
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<ImportReportDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [profileName, setProfileName] = useState('');
  const [profileMessage, setProfileMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [undoMessage, setUndoMessage] = useState<string | null>(null);
  const log = useResult(`imports:${generation}`, () => client['imports:list']({ limit: 100 }));
  // Times are shown in the workspace's timezone (UTC until it is known).
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  /** The latest check sent: an answer to an earlier one is dropped. */
  const latestCheck = useRef(0);
  const inFlight = useRef<string | null>(null);
  const lastChange = useRef<ChangeKind>('choice');

  const currentKey = keyOf(fileGeneration, choices);

  const send = (dryRun: boolean, chosen: Chosen | null, current: Choices, map?: Record<string, unknown>) => {
    const options = {
      mode: current.mode,
      onConflict: current.onConflict,
      dryRun,
      ...(map ? { mapping: map } : {}),
    };
    return chosen?.file
      ? client.uploadFile(chosen.file, current.kind, options)
      : // Desktop: the system's dialog picks the file; once picked, the same file is read again.
        client.pickAndImport({
          ...options,
          ...(current.kind !== 'auto' ? { kind: current.kind } : {}),
          sameFile: chosen !== null,
        });
  };

  /** A dry run of the file with `current`: its report becomes the preview the Import button imports. */
  const check = async (chosen: Chosen | null, current: Choices, fileGen: number) => {
    const key = keyOf(fileGen, current);
    const map = parseMapping(current.mappingText);
    if (map === 'invalid') {
      setError({ code: 'invalid_input', message: 'The mapping is not a JSON object.' });
      setPreview(null);
      setCheckedKey(key);
      return;
    }
    const id = ++latestCheck.current;
    inFlight.current = key;
    setChecking(true);
    const answer = await send(true, chosen, current, map);
    if (id !== latestCheck.current) return;
    inFlight.current = null;
    setChecking(false);
    setError(answer.ok ? null : answer.error);
    if (answer.ok && !chosen?.file)
      setFile({
        name: answer.value.fileName,
        ...(answer.value.sizeBytes !== undefined ? { size: answer.value.sizeBytes } : {}),
      });
    if (!answer.ok) {
      setPreview(null);
      setCheckedKey(key);
      return;
    }
    setPreview(answer.value);
    // The mapping the rows were read with becomes the one to edit (readings); checking the file
    // with it gives the same answer, so it counts as checked. Not when the header could not be
    // read with it: that mapping is a stand-in, and the person names the columns.
    const detected = answer.value.rejectedByRule?.header ? undefined : answer.value.mapping;
    if (detected && current.mappingText.trim() === '') {
      const filled = { ...current, mappingText: JSON.stringify(detected, null, 2) };
      setChoices((latest) => (keyOf(fileGen, latest) === key ? filled : latest));
      setCheckedKey(keyOf(fileGen, filled));
    } else setCheckedKey(key);
  };

  // Any change of the options (or a new file) checks the file again: a choice at once, typing
  // once it pauses. Nothing is checked twice for the same options.
  useEffect(() => {
    if (!file || currentKey === checkedKey || currentKey === inFlight.current) return undefined;
    const timer = window.setTimeout(
      () => void check(file, choices, fileGeneration),
      lastChange.current === 'typing' ? TYPING_PAUSE : 0,
    );
    return () => window.clearTimeout(timer);
    // `check` reads the state it is given; the key names all of it.
  }, [currentKey, checkedKey, file]);

  const change = (next: Choices, how: ChangeKind) => {
    lastChange.current = how;
    setResult(null);
    setChoices(next);
  };

  const importFile = async () => {
    const map = parseMapping(choices.mappingText);
    if (map === 'invalid') return;
    setImporting(true);
    setError(null);
    setResult(null);
    const answer = await send(false, file, choices, map);
    setImporting(false);
    setGeneration((g) => g + 1);
    setPreview(null);
    if (!answer.ok) return setError(answer.error);
    setResult(answer.value);
    if (answer.value.status === 'stored') onDataChanged?.();
  };

  const start = (chosen: Chosen | null) => {
    latestCheck.current++;
    inFlight.current = null;
    lastChange.current = 'choice';
    setFile(chosen);
    setFileGeneration((g) => g + 1);
    setChoices(FRESH);
    setPreview(null);
    setCheckedKey(null);
    setChecking(false);
    setResult(null);
    setError(null);
  };

  const choose = (picked: File | null) =>
    start(picked ? { name: picked.name, size: picked.size, file: picked } : null);

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    choose(event.dataTransfer.files[0] ?? null);
  };

  const editable = editableMapping(choices);
  const upToDate = currentKey === checkedKey && !checking;
  const canImport = upToDate && !importing && preview !== null && preview.status === 'dry-run';
  const kindUndetected = Boolean(error?.fields?.kind) && choices.kind === 'auto';

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
              disabled={checking || importing}
              onClick={() => {
                start(null);
                const next = fileGeneration + 1;
                inFlight.current = keyOf(next, FRESH);
                void check(null, FRESH, next);
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
              ? `${file.name}${file.size !== undefined ? ` (${formatNumber(file.size, 0)} bytes)` : ''}`
              : 'Drop a file here, or choose one'}
          </span>
        </label>
        {file ? <ImportOptions choices={choices} onChange={change} kindUndetected={kindUndetected} /> : null}
        {file ? (
          <div className="form-row">
            <button
              type="button"
              disabled={checking || importing}
              onClick={() => void check(file, choices, fileGeneration)}
            >
              Check again
            </button>
            <button type="button" className="primary" disabled={!canImport} onClick={() => void importFile()}>
              Import {file.name}
            </button>
            {editable && Object.keys(editable).length > 0 ? (
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
        {checking ? <Loading>Checking {file?.name ?? 'the file'}…</Loading> : null}
        {importing ? <Loading>Importing {file?.name}…</Loading> : null}
        {error ? <ImportRefusal error={error} strict={choices.mode === 'strict'} /> : null}
        {preview && !checking ? <ImportReport report={preview} zone={zone} /> : null}
        {result ? <ImportReport report={result} zone={zone} /> : null}
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
              onDataChanged?.();
            }}
          />
        ) : null}
      </div>
    </section>
  );
}
