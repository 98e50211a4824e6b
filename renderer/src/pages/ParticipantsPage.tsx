import type { ParticipantDto } from '../../../shared/contract';
import { ErrorLine, Loading } from '../components/Status';
import type { AsyncState } from '../hooks';
import { participantHref } from '../router';

interface ParticipantsPageProps {
  participants: AsyncState<ParticipantDto[]>;
  month: string;
}

export function ParticipantsPage({ participants, month }: ParticipantsPageProps) {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Participants</h1>
      <div className="card">
        {participants.status === 'loading' ? <Loading>Loading participants…</Loading> : null}
        {participants.status === 'error' ? (
          <ErrorLine title="Could not load participants" error={participants.error} />
        ) : null}
        {participants.status === 'ok' && participants.value.length === 0 ? (
          <p>
            No participants yet: <a href="#/workspace/definition">build the market</a> in the app, or{' '}
            <a href="#/imports">import a workspace definition</a>.
          </p>
        ) : null}
        {participants.status === 'ok' && participants.value.length > 0 ? (
          <table className="table">
            <caption className="visually-hidden">Participants of the workspace</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {participants.value.map((participant) => (
                <tr key={participant.id}>
                  <td>
                    <a href={participantHref(participant.role, participant.id, month)}>{participant.name}</a>
                  </td>
                  <td>
                    <span className={`badge badge-${participant.role}`}>{participant.role}</span>
                  </td>
                  <td>
                    <code>{participant.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
