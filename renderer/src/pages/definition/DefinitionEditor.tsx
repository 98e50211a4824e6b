/**
 * The definition editor (#/workspace/definition, issue 18): the market built or changed in the
 * app, part by part (settings; participants and meters; pools; offer plans; utility plans and
 * who is on them). Check sends it as a dry run and says what would change; Save sends it through
 * the importer of workspace files (workspace:save-definition), so it is an import in the log,
 * in the audit log, and undone from Imports. Main checks the whole definition; its field
 * errors, keyed by JSON path, show beside the fields they name.
 */
import { useEffect, useMemo, useState } from 'react';

import type { DefinitionSaveDto, OperationError } from '../../../../shared/contract';
import { definitionTemplate } from '../../../../shared/definition-template';
import { useClient } from '../../client-context';
import { ErrorLine, Loading } from '../../components/Status';
import { useResult } from '../../hooks';

import { definitionFileName, downloadDefinition, downloadTemplate } from './downloads';
import { definitionOf, draftOf, firstOfMonth, startDayOf, type Draft } from './draft';
import { FieldErrorsContext } from './fields';
import { OfferPlansPart } from './OfferPlansPart';
import { ParticipantsPart } from './ParticipantsPart';
import { PoolsPart } from './PoolsPart';
import { SettingsPart } from './SettingsPart';
import { UtilityPlansPart } from './UtilityPlansPart';

export function DefinitionEditor({ onSaved }: { onSaved?: () => void }) {
  const client = useClient();
  // A new key after each save: the definition is read again, never the one from before the save.
  const [generation, setGeneration] = useState(0);
  const stored = useResult(`workspace:get#${generation}`, () => client['workspace:get']({}));
  const tariffs = useResult('tariffs:list', () => client['tariffs:list']({}));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<OperationError | null>(null);
  const [result, setResult] = useState<DefinitionSaveDto | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  /** The save just made replaced a market (the first definition has none to restore). */
  const [undoable, setUndoable] = useState(false);
  const [busy, setBusy] = useState<'check' | 'save' | 'undo' | null>(null);
  const thisMonth = useMemo(() => firstOfMonth(), []);

  const storedValue = stored.status === 'ok' ? stored.value : null;
  useEffect(() => {
    if (storedValue && draft === null) setDraft(draftOf(storedValue));
  }, [storedValue, draft]);

  const change = (update: (d: Draft) => Draft) => {
    setDraft((d) => (d ? update(d) : d));
    setDirty(true);
  };

  /** The definition in force and the app's header are read again, the draft made from it anew. */
  const reread = () => {
    setDirty(false);
    setDraft(null);
    setGeneration((g) => g + 1);
    onSaved?.();
  };

  const send = async (dryRun: boolean) => {
    if (!draft) return;
    setBusy(dryRun ? 'check' : 'save');
    setError(null);
    setResult(null);
    setUndone(null);
    const answer = await client['workspace:save-definition']({ definition: definitionOf(draft), dryRun });
    setBusy(null);
    if (!answer.ok) return setError(answer.error);
    setResult(answer.value);
    setUndoable(!dryRun && (storedValue?.participants.length ?? 0) > 0);
    if (!dryRun) reread();
  };

  /** Undoes the save just made (imports:remove): the definition it replaced comes back. */
  const undo = async (importId: number, fileName: string) => {
    if (!window.confirm(`Undo import #${importId} (${fileName})? The definition it replaced comes back.`))
      return;
    setBusy('undo');
    setError(null);
    const answer = await client['imports:remove']({ importId });
    setBusy(null);
    if (!answer.ok) return setError(answer.error);
    setResult(null);
    setUndone(answer.value.message);
    reread();
  };

  if (stored.status === 'error') return <ErrorLine title="The workspace definition" error={stored.error} />;
  if (!draft || !storedValue) return <Loading>Loading the workspace definition…</Loading>;
  const empty = storedValue.participants.length === 0;
  const tariffChoices =
    tariffs.status === 'ok'
      ? tariffs.value.map((t) => ({ id: t.tariff.masterTariffId, name: t.tariff.tariffName }))
      : [];

  // New versions start where the market already starts (the first of this month for a new one).
  const day = startDayOf(draft, thisMonth);
  return (
    <section className="page definition-editor" aria-labelledby="page-title" data-testid="definition-editor">
      <div className="page-head">
        <h1 id="page-title">{empty ? 'Build the market' : 'Edit the market'}</h1>
        <a href="#/workspace">Back to the workspace</a>
      </div>
      <p className="muted">
        Everything about the market except its time series. Check says what saving would change; Save stores
        it as an import of a workspace definition, listed in Imports and the audit log; a save can be undone
        here.
      </p>

      <div className="card definition-actions" data-testid="definition-actions">
        <div className="form-row">
          <button type="button" disabled={busy !== null} onClick={() => void send(true)}>
            {busy === 'check' ? 'Checking…' : 'Check'}
          </button>
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void send(false)}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
          {dirty ? (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => {
                setDraft(draftOf(storedValue));
                setDirty(false);
                setError(null);
                setResult(null);
              }}
            >
              Discard changes
            </button>
          ) : null}
          <button
            type="button"
            disabled={busy !== null}
            title="Fill the editor with the example market (3 participants, a pool, an offer plan, a utility plan)"
            onClick={() => {
              if (!empty && !window.confirm('Replace everything in the editor with the example market?'))
                return;
              setDraft(draftOf(definitionTemplate));
              setDirty(true);
              setError(null);
              setResult(null);
            }}
          >
            Start from the template
          </button>
          <span className="muted">Download:</span>
          <button
            type="button"
            className="link-button"
            title={definitionFileName(storedValue.settings.name)}
            onClick={() => downloadDefinition(storedValue, storedValue.settings.name)}
          >
            the definition in force
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => downloadDefinition(definitionOf(draft), `${draft.settings.name} draft`)}
          >
            this draft
          </button>
          <button type="button" className="link-button" onClick={downloadTemplate}>
            a template
          </button>
        </div>
        {dirty ? <p className="muted">Changes not saved yet.</p> : null}
        {error ? (
          <ErrorLine title="Nothing stored: main found problems, shown beside their fields" error={error} />
        ) : null}
        {result ? <Outcome result={result} onUndo={undoable ? undo : undefined} /> : null}
        {undone ? (
          <p className="status status-ok" role="status" data-testid="definition-undone">
            {undone}
          </p>
        ) : null}
      </div>

      <FieldErrorsContext.Provider value={error?.fields ?? {}}>
        <SettingsPart
          settings={draft.settings}
          onChange={(settings) => change((d) => ({ ...d, settings }))}
        />
        <ParticipantsPart draft={draft} change={change} day={day} />
        <PoolsPart draft={draft} change={change} day={day} />
        <OfferPlansPart draft={draft} change={change} day={day} />
        <UtilityPlansPart draft={draft} change={change} day={day} tariffs={tariffChoices} />
      </FieldErrorsContext.Provider>
    </section>
  );
}

function Outcome({
  result,
  onUndo,
}: {
  result: DefinitionSaveDto;
  onUndo?: ((importId: number, fileName: string) => Promise<void>) | undefined;
}) {
  const checked = result.status === 'dry-run';
  return (
    <div
      className="status status-ok"
      role="status"
      data-testid={checked ? 'definition-check' : 'definition-saved'}
    >
      <p>
        <strong>{checked ? 'Checked, nothing stored: ' : 'Saved: '}</strong>
        {result.message}
      </p>
      {result.changes.length > 0 ? (
        <>
          <p>{checked ? 'Saving would:' : 'What it changed:'}</p>
          <ul data-testid="definition-changes">
            {result.changes.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{checked ? 'Saving would change nothing.' : 'Nothing changed.'}</p>
      )}
      {checked ? null : (
        <p>
          Import #{result.importId} ({result.fileName}) is listed in <a href="#/imports">Imports</a> and in
          the <a href="#/audit">audit log</a>.{' '}
          {onUndo ? (
            <button type="button" onClick={() => void onUndo(result.importId, result.fileName)}>
              Undo this save
            </button>
          ) : null}
        </p>
      )}
    </div>
  );
}
