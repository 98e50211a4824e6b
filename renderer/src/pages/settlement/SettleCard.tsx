/**
 * The "Settle a month" card of the settlement screen: the month, gaps allowed or not, whether the
 * month has meter data (Settle is offered only when it has), whether its inputs changed since its
 * run in force, the stages as they pass and the outcome; a refusal lists the meter-hours without
 * readings.
 */
import type { OperationOutput, SettleOutcomeDto, SettlementStatusDto } from '../../../../shared/contract';
import { StaleMonthNotice } from '../../components/SettlementStatus';
import { ErrorLine } from '../../components/Status';
import { formatNumber } from '../../format';
import type { AsyncState } from '../../hooks';
import { isMonth, monthTitle } from '../../router';

import type { SettleState } from './useSettle';

export function SettleCard({
  month,
  setMonth,
  readiness,
  selected,
  settling,
}: {
  month: string;
  setMonth: (month: string) => void;
  readiness: AsyncState<OperationOutput<'months:readiness'>>;
  /** The month's settlement status, when it has been settled. */
  selected: SettlementStatusDto | undefined;
  settling: SettleState;
}) {
  const { allowGaps, setAllowGaps, progress, busy, outcome, error, settle } = settling;
  const noData = readiness.status === 'ok' && !readiness.value.hasData;
  const gaps = error?.fields?.gaps ?? [];
  return (
    <div className="card">
      <h2>Settle a month</h2>
      <div className="form-row">
        <label className="field">
          <span className="field-label">Month</span>
          <input
            type="month"
            aria-label="Month to settle"
            value={month}
            onChange={(event) => {
              if (isMonth(event.target.value)) setMonth(event.target.value);
            }}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allowGaps}
            onChange={(event) => setAllowGaps(event.target.checked)}
          />{' '}
          count missing readings as zero (flagged)
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy || readiness.status !== 'ok' || noData}
          onClick={() => void settle()}
        >
          {busy ? 'Settling…' : `Settle ${monthTitle(month)}`}
        </button>
      </div>
      {readiness.status === 'ok' ? (
        <p className={noData ? 'status' : 'muted'} data-testid="month-readiness">
          {readiness.value.message}
          {noData ? (
            <>
              {' '}
              <a href="#/imports">Go to Imports</a>
            </>
          ) : null}
        </p>
      ) : null}
      {readiness.status === 'error' ? <ErrorLine error={readiness.error} /> : null}
      <StaleMonthNotice status={selected} />
      {busy || progress ? (
        <div className="progress-line" role="status" aria-live="polite" data-testid="settle-progress">
          <progress
            max={progress?.steps ?? 5}
            value={progress?.step ?? undefined}
            aria-label="Settlement progress"
          />
          <span>{progress ? `${progress.step}/${progress.steps} ${progress.stage}` : 'starting…'}</span>
        </div>
      ) : null}
      {outcome ? (
        <p
          className={`status ${outcome.status === 'published' ? 'status-ok' : ''}`}
          data-testid="settle-outcome"
        >
          {outcomeText(outcome)}
        </p>
      ) : null}
      {error ? (
        <ErrorLine
          title="Not settled"
          error={gaps.length > 0 ? gapsText(month, gaps.length) : error.message}
        />
      ) : null}
      {gaps.length > 0 ? (
        <details open>
          <summary>{formatNumber(gaps.length, 0)} meter-hour(s) without a reading</summary>
          <ul className="gap-list">
            {gaps.slice(0, 200).map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** The outcome in the screen's words: a held run is accepted below, not with a command. */
function outcomeText(outcome: SettleOutcomeDto): string {
  if (outcome.status !== 'held') return outcome.message;
  return `${outcome.month} is closed: run ${outcome.runId} is held and not applied until it is accepted (Preview adjustments, then Accept run, below); every statement stays as it was`;
}

/** A refusal for missing readings, naming the screen's own checkbox. */
function gapsText(month: string, count: number): string {
  return `${month}: ${formatNumber(count, 0)} meter-hour(s) have no reading. Import the missing readings, or tick “count missing readings as zero (flagged)” to settle with them counted as zero (their lines are flagged).`;
}
