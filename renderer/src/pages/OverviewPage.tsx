import type { ParticipantDto, WorkspaceSummaryDto } from '../../../shared/contract';
import { ErrorLine, Loading } from '../components/Status';
import type { AsyncState } from '../hooks';
import { monthTitle, participantHref } from '../router';

interface OverviewPageProps {
  summary: AsyncState<WorkspaceSummaryDto>;
  participants: AsyncState<ParticipantDto[]>;
  month: string;
}

export function OverviewPage({ summary, participants, month }: OverviewPageProps) {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Overview</h1>
      <div className="cards">
        <div className="card">
          <h2>Workspace</h2>
          {summary.status === 'loading' ? <Loading>Loading the workspace…</Loading> : null}
          {summary.status === 'error' ? (
            <ErrorLine title="Could not load the workspace" error={summary.error} />
          ) : null}
          {summary.status === 'ok' ? (
            <dl className="facts">
              <dt>Name</dt>
              <dd>{summary.value.name}</dd>
              <dt>Timezone</dt>
              <dd>{summary.value.timezone}</dd>
              <dt>Currency</dt>
              <dd>{summary.value.currency}</dd>
              <dt>File</dt>
              <dd>
                <code className="path">{summary.value.path}</code>
              </dd>
            </dl>
          ) : null}
        </div>
        <div className="card">
          <h2>Participants</h2>
          {participants.status === 'loading' ? <Loading>Loading participants…</Loading> : null}
          {participants.status === 'error' ? (
            <ErrorLine title="Could not load participants" error={participants.error} />
          ) : null}
          {participants.status === 'ok' ? (
            <ParticipantCounts participants={participants.value} month={month} />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function ParticipantCounts({ participants, month }: { participants: ParticipantDto[]; month: string }) {
  if (participants.length === 0) {
    return (
      <p>
        No participants yet: <a href="#/workspace/definition">build the market</a> in the app, or{' '}
        <a href="#/imports">import a workspace definition</a>.
      </p>
    );
  }
  const prosumers = participants.filter((p) => p.role === 'prosumer');
  const consumers = participants.filter((p) => p.role === 'consumer');
  const first = participants[0];
  return (
    <>
      <p className="big-numbers">
        <span>
          <strong>{prosumers.length}</strong> prosumer{prosumers.length === 1 ? '' : 's'}
        </span>
        <span>
          <strong>{consumers.length}</strong> consumer{consumers.length === 1 ? '' : 's'}
        </span>
      </p>
      <p className="muted">
        Choose a participant and a month above to see its hourly energy
        {first ? (
          <>
            , e.g.{' '}
            <a href={participantHref(first.role, first.id, month)}>
              {first.name} in {monthTitle(month)}
            </a>
          </>
        ) : null}
        . <a href="#/participants">All participants</a>
      </p>
    </>
  );
}
