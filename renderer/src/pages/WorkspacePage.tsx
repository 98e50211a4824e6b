/**
 * The open workspace, and the way to another: open a workspace file, create a
 * new one, or reopen a recent one. The app starts afresh on the workspace
 * chosen (the server, or the desktop app, switches to it). In the browser the
 * files are named by their paths; in the desktop app the page names no file:
 * the main process asks in its own dialogs, or reopens an entry of its recent list.
 * The market of the open workspace: a new one is built here (the definition editor), from a
 * template, or imported; an existing one is edited or downloaded.
 */
import { useState } from 'react';

import type { OperationError, WorkspaceSummaryDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { LocalTime } from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { navigate, useResult, type AsyncState } from '../hooks';

import { downloadDefinition, downloadTemplate } from './definition/downloads';

export function WorkspacePage({ summary }: { summary: AsyncState<WorkspaceSummaryDto> }) {
  const client = useClient();
  const recent = useResult('workspaces:recent', () => client['workspaces:recent']({}));
  const [openPath, setOpenPath] = useState('');
  const [newPath, setNewPath] = useState('');
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<OperationError | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = summary.status === 'ok' ? summary.value.timezone : undefined;

  const switched = async (answer: Promise<{ ok: true } | { ok: false; error: OperationError }>) => {
    setBusy(true);
    setError(null);
    const result = await answer;
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // Everything shown so far belongs to the previous workspace: start afresh.
    window.location.hash = '#/';
    window.location.reload();
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Workspace</h1>
      </div>
      <div className="card">
        <h2>Open now</h2>
        {summary.status === 'loading' ? <Loading>Loading…</Loading> : null}
        {summary.status === 'error' ? <ErrorLine error={summary.error} /> : null}
        {summary.status === 'ok' ? (
          <dl className="facts" data-testid="current-workspace">
            <dt>Name</dt>
            <dd>{summary.value.name}</dd>
            <dt>File</dt>
            <dd>
              <code>{summary.value.path}</code>
            </dd>
            <dt>Timezone, currency</dt>
            <dd>
              {summary.value.timezone}, {summary.value.currency}
            </dd>
          </dl>
        ) : null}
      </div>
      <MarketCard />
      <div className="card">
        <h2>Open another workspace</h2>
        {client.transport === 'electron' ? (
          <>
            <p>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void switched(client.chooseWorkspace())}
              >
                Open a workspace file…
              </button>
            </p>
            <h2>New workspace</h2>
            <form
              className="form-row"
              onSubmit={(event) => {
                event.preventDefault();
                void switched(client.chooseNewWorkspace(newName.trim() || undefined));
              }}
            >
              <label className="field">
                <span className="field-label">Name</span>
                <input
                  aria-label="New workspace name"
                  value={newName}
                  onChange={(event) => setNewName(event.target.value)}
                />
              </label>
              <button type="submit" className="primary" disabled={busy}>
                Create…
              </button>
            </form>
          </>
        ) : (
          <>
            <form
              className="form-row"
              onSubmit={(event) => {
                event.preventDefault();
                void switched(client['workspace:open']({ path: openPath }));
              }}
            >
              <label className="field wide">
                <span className="field-label">Workspace file</span>
                <input
                  aria-label="Workspace file to open"
                  placeholder="/path/to/workspace.sqlite"
                  value={openPath}
                  onChange={(event) => setOpenPath(event.target.value)}
                />
              </label>
              <button type="submit" className="primary" disabled={busy || openPath.trim() === ''}>
                Open file
              </button>
            </form>
            <h2>New workspace</h2>
            <form
              className="form-row"
              onSubmit={(event) => {
                event.preventDefault();
                void switched(
                  client['workspace:create']({
                    path: newPath,
                    ...(newName.trim() ? { name: newName.trim() } : {}),
                  }),
                );
              }}
            >
              <label className="field wide">
                <span className="field-label">New file</span>
                <input
                  aria-label="New workspace file"
                  placeholder="/path/to/new.sqlite"
                  value={newPath}
                  onChange={(event) => setNewPath(event.target.value)}
                />
              </label>
              <label className="field">
                <span className="field-label">Name</span>
                <input
                  aria-label="New workspace name"
                  value={newName}
                  onChange={(event) => setNewName(event.target.value)}
                />
              </label>
              <button type="submit" className="primary" disabled={busy || newPath.trim() === ''}>
                Create
              </button>
            </form>
          </>
        )}
        {error ? <ErrorLine title="Not switched" error={error} /> : null}
      </div>
      <div className="card">
        <h2>Recent</h2>
        {recent.status === 'ok' && recent.value.length === 0 ? (
          <p>No workspace was opened on this computer before this one.</p>
        ) : null}
        {recent.status === 'ok' && recent.value.length > 0 && zone ? (
          <p className="muted">Times in {zone}, UTC on hover.</p>
        ) : null}
        {recent.status === 'ok' && recent.value.length > 0 ? (
          <table className="table" data-testid="recent-workspaces">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">File</th>
                <th scope="col">Opened</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {recent.value.map((entry) => (
                <tr key={entry.path}>
                  <th scope="row">{entry.name}</th>
                  <td>
                    <code>{entry.path}</code>
                  </td>
                  <td>
                    <OpenedAt text={entry.openedAt} zone={zone} />
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void switched(client.openRecentWorkspace(entry.path))}
                    >
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {recent.status === 'error' ? <ErrorLine error={recent.error} /> : null}
      </div>
    </section>
  );
}

/** The market of the open workspace: build it (new), edit it, or take its definition away as JSON. */
function MarketCard() {
  const client = useClient();
  const definition = useResult('workspace:get', () => client['workspace:get']({}));
  return (
    <div className="card" data-testid="workspace-market">
      <h2>The market</h2>
      {definition.status === 'loading' ? <Loading>Loading the market…</Loading> : null}
      {definition.status === 'error' ? <ErrorLine error={definition.error} /> : null}
      {definition.status === 'ok' && definition.value.participants.length === 0 ? (
        <>
          <p>
            This workspace has no market yet: build it here part by part, start from a template (an example
            market to change), or import a workspace definition file.
          </p>
          <p className="form-row">
            <button type="button" className="primary" onClick={() => navigate({ kind: 'definition' })}>
              Build the market here
            </button>
            <button type="button" onClick={downloadTemplate}>
              Download a template
            </button>
            <button type="button" onClick={() => navigate({ kind: 'imports' })}>
              Import a definition
            </button>
          </p>
        </>
      ) : null}
      {definition.status === 'ok' && definition.value.participants.length > 0 ? (
        <>
          <p>
            {definition.value.participants.length} participant(s), {definition.value.meters.length} meter(s),{' '}
            {definition.value.pools.length} pool(s), {definition.value.offerPlans.length} offer plan(s),{' '}
            {definition.value.utilityPlans.length} utility plan(s).
          </p>
          <p className="form-row">
            <button type="button" className="primary" onClick={() => navigate({ kind: 'definition' })}>
              Edit the market
            </button>
            <button
              type="button"
              onClick={() => downloadDefinition(definition.value, definition.value.settings.name)}
            >
              Download the definition
            </button>
          </p>
        </>
      ) : null}
    </div>
  );
}

/** When a recent workspace was opened (an ISO instant), in the open workspace's zone. */
function OpenedAt({ text, zone }: { text: string; zone: string | undefined }) {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !zone) return <>{text}</>;
  return <LocalTime seconds={Math.floor(ms / 1000)} zone={zone} />;
}
