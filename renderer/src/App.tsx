import { useCallback, useEffect, useState, type ChangeEvent, type ReactElement } from 'react';

import type { ParticipantDto, WorkspaceSummaryDto } from '../../shared/contract';

import { useClient } from './client-context';
import { ErrorLine, Loading } from './components/Status';
import { navigate, useHashRoute, useResult, type AsyncState } from './hooks';
import { AccountsPage } from './pages/AccountsPage';
import { AuditPage } from './pages/AuditPage';
import { DefinitionEditor } from './pages/definition/DefinitionEditor';
import { ImportsPage } from './pages/ImportsPage';
import { MetersPage } from './pages/MetersPage';
import { OverviewPage } from './pages/OverviewPage';
import { ParticipantPage } from './pages/ParticipantPage';
import { ParticipantsPage } from './pages/ParticipantsPage';
import { PaymentsPage } from './pages/PaymentsPage';
import { ReceivablesPage } from './pages/ReceivablesPage';
import { SettlementPage } from './pages/SettlementPage';
import { NotFoundPage, UnauthorizedPage } from './pages/StatusPages';
import { TariffsPage } from './pages/TariffsPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { isMonth, type Route } from './router';

export function App() {
  const client = useClient();
  const route = useHashRoute();
  const [unauthorized, setUnauthorized] = useState(client.unauthorized);
  useEffect(() => client.onUnauthorized(() => setUnauthorized(true)), [client]);

  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const participants = useResult('participants:list', () => client['participants:list']({}));

  // The month shown when a route names none: the last one chosen (in the header, or named by a
  // route), else the workspace's own, which main works out from its data (the latest settled
  // month, else the latest month with readings, else the current month). It is kept while the
  // summary is read again, and read again after an import or a settlement changes the data.
  const [chosenMonth, setChosenMonth] = useState<string | null>(null);
  const [workspaceMonth, setWorkspaceMonth] = useState<string | null>(null);
  const summaryMonth = summary.status === 'ok' ? summary.value.defaultMonth : null;
  useEffect(() => {
    if (summaryMonth) setWorkspaceMonth(summaryMonth);
  }, [summaryMonth]);
  const refreshWorkspaceMonth = useCallback(() => {
    void client['workspace:summary']({}).then((answer) => {
      if (answer.ok) setWorkspaceMonth(answer.value.defaultMonth);
    });
  }, [client]);
  const routeMonth =
    route.kind === 'participant' || route.kind === 'settlement' ? (route.month ?? null) : null;
  useEffect(() => {
    if (routeMonth) setChosenMonth(routeMonth);
  }, [routeMonth]);
  // Without a summary (no access, an error) the pages still open, on this machine's month.
  const fallbackMonth = summary.status === 'error' || unauthorized ? currentMonth() : null;
  const month = routeMonth ?? chosenMonth ?? workspaceMonth ?? fallbackMonth;

  const workspaceName = summary.status === 'ok' ? summary.value.name : null;
  useEffect(() => {
    document.title = workspaceName ? `${workspaceName} · Energy Ledger` : 'Energy Ledger';
  }, [workspaceName]);

  const onMonthChange = (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    if (!isMonth(value)) return;
    setChosenMonth(value);
    if (route.kind === 'participant') navigate({ ...route, month: value });
    if (route.kind === 'settlement' && route.month) navigate({ kind: 'settlement', month: value });
  };

  // Receivables and Payments: the header's participant scopes the page (empty: all of them).
  const scoped = route.kind === 'receivables' || route.kind === 'payments' ? route : null;

  const onParticipantChange = (event: ChangeEvent<HTMLSelectElement>) => {
    if (participants.status !== 'ok') return;
    if (scoped) {
      const id = event.target.value;
      return navigate({ kind: scoped.kind, ...(id ? { participantId: id } : {}) });
    }
    const participant = participants.value.find((p) => p.id === event.target.value);
    if (participant) navigate({ kind: 'participant', role: participant.role, id: participant.id, month });
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <a className="brand-name" href="#/">
            Energy Ledger
          </a>
          <WorkspaceName summary={summary} unauthorized={unauthorized} current={route.kind === 'workspace'} />
        </div>
        <nav className="main-nav" aria-label="Main">
          <NavLink route={route} to="home" href="#/">
            Overview
          </NavLink>
          <NavLink route={route} to="participants" href="#/participants">
            Participants
          </NavLink>
          <NavLink route={route} to="settlement" href="#/settlement">
            Settlement
          </NavLink>
          <NavLink route={route} to="tariffs" href="#/tariffs">
            Tariffs
          </NavLink>
          <NavLink route={route} to="accounts" href="#/accounts">
            Accounts
          </NavLink>
          <NavLink route={route} to="meters" href="#/meters">
            Meters
          </NavLink>
          <NavLink route={route} to="receivables" href="#/receivables">
            Receivables
          </NavLink>
          <NavLink route={route} to="payments" href="#/payments">
            Payments
          </NavLink>
          <NavLink route={route} to="audit" href="#/audit">
            Audit
          </NavLink>
          <NavLink route={route} to="definition" href="#/workspace/definition">
            Market
          </NavLink>
          <NavLink route={route} to="imports" href="#/imports">
            Imports
          </NavLink>
        </nav>
        <div className="toolbar">
          <label className="field">
            <span className="field-label">Participant</span>
            <ParticipantPicker
              participants={participants}
              selectedId={route.kind === 'participant' ? route.id : (scoped?.participantId ?? '')}
              allLabel={scoped ? 'All participants' : undefined}
              onChange={onParticipantChange}
            />
          </label>
          <label className="field">
            <span className="field-label">Month</span>
            <input type="month" aria-label="Month" value={month ?? ''} onChange={onMonthChange} required />
          </label>
        </div>
      </header>

      {summary.status === 'ok' && summary.value.access.mode === 'read-only' ? (
        <p className="read-only-banner" role="alert">
          <strong>Read-only workspace.</strong> {summary.value.path}: {summary.value.access.reason}
        </p>
      ) : null}
      <main className="app-main">
        {unauthorized ? (
          <UnauthorizedPage />
        ) : (
          <RoutedPage
            route={route}
            summary={summary}
            participants={participants}
            month={month}
            onDefinitionSaved={() => {
              summary.reload();
              participants.reload();
            }}
            onDataChanged={refreshWorkspaceMonth}
          />
        )}
      </main>
    </div>
  );
}

function RoutedPage({
  route,
  summary,
  participants,
  month,
  onDefinitionSaved,
  onDataChanged,
}: {
  route: Route;
  summary: AsyncState<WorkspaceSummaryDto>;
  participants: AsyncState<ParticipantDto[]>;
  /** The month shown; null until the workspace says which month it opens on. */
  month: string | null;
  /** The market's definition was saved in the editor: the header's name and participants are read again. */
  onDefinitionSaved: () => void;
  /** An import stored or was undone, or a month was settled: the month the workspace opens on may move. */
  onDataChanged: () => void;
}) {
  // A page of a month waits for it, rather than showing another month first.
  const ofMonth = (page: (month: string) => ReactElement) =>
    month === null ? (
      <section className="page">
        <Loading>Loading workspace…</Loading>
      </section>
    ) : (
      page(month)
    );
  switch (route.kind) {
    case 'home':
      return ofMonth((month) => <OverviewPage summary={summary} participants={participants} month={month} />);
    case 'participants':
      return ofMonth((month) => <ParticipantsPage participants={participants} month={month} />);
    case 'participant':
      return ofMonth((month) => (
        <ParticipantPage
          key={`${route.role}/${route.id}`}
          role={route.role}
          id={route.id}
          month={month}
          level={{
            month: route.month,
            ...(route.day ? { day: route.day } : {}),
            ...(route.hour ? { hour: route.hour } : {}),
            ...(route.offset ? { offset: route.offset } : {}),
          }}
          currency={summary.status === 'ok' ? summary.value.currency : 'THB'}
          participants={participants}
          timezone={summary.status === 'ok' ? summary.value.timezone : null}
        />
      ));
    case 'settlement':
      return ofMonth((month) => <SettlementPage month={month} onSettled={onDataChanged} />);
    case 'imports':
      return <ImportsPage onDataChanged={onDataChanged} />;
    case 'workspace':
      return <WorkspacePage summary={summary} />;
    case 'definition':
      return <DefinitionEditor onSaved={onDefinitionSaved} />;
    case 'tariffs':
      return <TariffsPage participants={participants} />;
    case 'accounts':
      return <AccountsPage />;
    case 'meters':
      return <MetersPage participants={participants} />;
    case 'audit':
      return <AuditPage />;
    case 'receivables':
      return <ReceivablesPage participantId={route.participantId ?? null} />;
    case 'payments':
      return <PaymentsPage participantId={route.participantId ?? null} participants={participants} />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

function WorkspaceName({
  summary,
  unauthorized,
  current,
}: {
  summary: AsyncState<WorkspaceSummaryDto>;
  unauthorized: boolean;
  /** The Workspace page is open (the name is its link). */
  current: boolean;
}) {
  if (unauthorized) {
    return <span className="workspace-name muted">No access link</span>;
  }
  if (summary.status === 'loading') {
    return (
      <span className="workspace-name muted" role="status">
        Loading workspace…
      </span>
    );
  }
  if (summary.status === 'error') {
    return <ErrorLine title="Workspace" error={summary.error} />;
  }
  return (
    <span className="workspace">
      <a
        className="workspace-name"
        data-testid="workspace-name"
        href="#/workspace"
        aria-current={current ? 'page' : undefined}
        title="Open, create or switch workspaces"
      >
        {summary.value.name}
      </a>
      <span className="workspace-meta">
        {summary.value.timezone} · {summary.value.currency}
      </span>
    </span>
  );
}

function NavLink({
  route,
  to,
  href,
  children,
}: {
  route: Route;
  to: Route['kind'];
  href: string;
  children: string;
}) {
  const current = route.kind === to || (to === 'participants' && route.kind === 'participant');
  return (
    <a
      href={href}
      className={current ? 'nav-link current' : 'nav-link'}
      aria-current={current ? 'page' : undefined}
    >
      {/* The label keeps the width of its bold (current) form, so the header never shifts. */}
      <span className="nav-label" data-label={children}>
        {children}
      </span>
    </a>
  );
}

function ParticipantPicker({
  participants,
  selectedId,
  allLabel,
  onChange,
}: {
  participants: AsyncState<ParticipantDto[]>;
  selectedId: string;
  /** A page the picker scopes: the empty choice (all participants) can be chosen again. */
  allLabel?: string | undefined;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
}) {
  if (participants.status !== 'ok') {
    return (
      <select aria-label="Participant" disabled value="" onChange={onChange}>
        <option value="">
          {participants.status === 'loading' ? 'Loading participants…' : 'Participants unavailable'}
        </option>
      </select>
    );
  }
  const known = participants.value.some((p) => p.id === selectedId);
  return (
    <select aria-label="Participant" value={known ? selectedId : ''} onChange={onChange}>
      <option value="" disabled={allLabel === undefined}>
        {participants.value.length === 0 ? 'No participants' : (allLabel ?? 'Choose a participant…')}
      </option>
      {participants.value.map((participant) => (
        <option key={participant.id} value={participant.id}>
          {participant.name} ({participant.role})
        </option>
      ))}
    </select>
  );
}

/** This machine's month, `YYYY-MM`. */
function currentMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}
