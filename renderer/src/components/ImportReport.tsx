/**
 * What the import wizard shows of a file: a dry run's report (what would be stored, the first
 * readings, per meter), a check that would store nothing (its rejected rows), a refusal, and an
 * import's outcome with the settled months it changes, or the months it stored readings in that
 * are not settled yet (settling them is the next step). The API answers codes and facts (a
 * rejected row's rule and facts, a field error naming the input that decides); this is where
 * they are worded for the screen, naming the wizard's own controls, with times in the
 * workspace's timezone.
 */
import type { ImportReportDto, OperationError } from '../../../shared/contract';
import { formatNumber, formatUpTo } from '../format';
import { monthTitle, settlementHref } from '../router';

import { LocalTime, SeedTime } from './LocalTime';
import { energyFoot, showFooted } from './TableFoot';

type RejectedRow = ImportReportDto['rejectedRows'][number];

/** The wizard's controls, as their labels read. */
export const CONTROLS = {
  kind: 'Kind',
  mode: 'Rows rejected',
  onConflict: 'Overlaps stored data',
} as const;

const CONFLICT_ADVICE = `Choose “replace” or “keep” under “${CONTROLS.onConflict}”: replace stores this file’s rows and keeps what they overlap as superseded (undo brings it back); keep leaves what is stored and skips those rows. The file is checked again at once.`;
const KIND_ADVICE = `Energy Ledger could not tell what this file holds. Pick its kind under “${CONTROLS.kind}” and it is checked again.`;
const HEADER_ADVICE =
  'The file’s header does not say how to read its rows (see below). Complete the mapping fields (timeColumn, energyColumn, meterColumn or meterId, unit) and the file is checked again as you type.';
const STRICT_ADVICE = `Correct those rows in the file, or choose “partial: store the valid rows” under “${CONTROLS.mode}”.`;

/** What to do about a refusal or a check that would store nothing, by what the API named. */
function advice(facts: {
  /** How many rows overlap stored data ('some' when only the deciding field says so). */
  conflicts: number | 'some';
  kindUndetected: boolean;
  noHeader: boolean;
  others: number;
  strict: boolean;
}): string[] {
  const out: string[] = [];
  if (facts.kindUndetected) out.push(KIND_ADVICE);
  if (facts.conflicts === 'some') out.push(`Rows overlap data already stored. ${CONFLICT_ADVICE}`);
  else if (facts.conflicts > 0)
    out.push(`${facts.conflicts} row(s) overlap data already stored. ${CONFLICT_ADVICE}`);
  if (facts.noHeader) out.push(HEADER_ADVICE);
  if (facts.others > 0 && facts.strict) out.push(STRICT_ADVICE);
  return out;
}

/** A row overlapping stored data, from its facts: times in the workspace's zone. */
function ConflictLine({ row, zone }: { row: RejectedRow; zone: string }) {
  const facts = row.facts!;
  const stored = facts.stored;
  return (
    <li data-rule="conflict">
      line {row.line}:{' '}
      {facts.meterId !== undefined ? (
        <>meter {facts.meterId}’s reading from </>
      ) : (
        <>the {facts.priceZone} price from </>
      )}
      <LocalTime seconds={facts.startUtc} zone={zone} /> overlaps the one stored from{' '}
      <LocalTime seconds={stored.startUtc} zone={zone} />{' '}
      {stored.importId === null
        ? '(not from an import)'
        : `by import #${stored.importId} (${stored.fileName ?? ''})`}
    </li>
  );
}

function RowLine({ row }: { row: RejectedRow }) {
  return (
    <li data-rule={row.rule ?? 'invalid'}>
      {row.line > 0 ? `line ${row.line}, ${row.column}` : 'the file'}
      {row.value !== '' ? `: “${row.value}”` : ''} {row.message}
    </li>
  );
}

/** The rejected rows of a report: what to do first, then the rows (conflicts worded from their facts). */
function RejectedRows({ report, zone }: { report: ImportReportDto; zone: string }) {
  const conflicts = report.rejectedRows.filter((r) => r.rule === 'conflict' && r.facts);
  const others = report.rejectedRows.filter((r) => !(r.rule === 'conflict' && r.facts));
  const total = report.rowsRejected ?? report.rejectedRows.length;
  const conflictCount = report.rejectedByRule?.conflict ?? conflicts.length;
  const tips =
    report.status === 'rejected'
      ? advice({
          conflicts: conflictCount,
          kindUndetected: false,
          noHeader: (report.rejectedByRule?.header ?? 0) > 0,
          // Rows partial mode would leave out (a header problem or an overlap is not one of them).
          others: total - conflictCount - (report.rejectedByRule?.header ?? 0),
          strict: report.mode !== 'partial',
        })
      : [];
  return (
    <>
      {tips.map((tip) => (
        <p key={tip} className="callout" data-testid="import-advice">
          {tip}
        </p>
      ))}
      <details open={report.status === 'rejected'} data-testid="rejected-rows">
        <summary>
          {total} rejected row(s)
          {total > report.rejectedRows.length ? ` (the first ${report.rejectedRows.length} listed)` : ''}
        </summary>
        <ul>
          {conflicts.slice(0, 200).map((row) => (
            <ConflictLine key={`c-${row.line}-${row.column}`} row={row} zone={zone} />
          ))}
          {others.slice(0, 200).map((row) => (
            <RowLine key={`r-${row.line}-${row.column}-${row.message}`} row={row} />
          ))}
        </ul>
      </details>
    </>
  );
}

/** Settled months the import changed: prominent, with the way to the Settlement screen. */
function SettleAgain({ months }: { months: NonNullable<ImportReportDto['settleAgain']> }) {
  return (
    <div className="callout callout-warning" role="status" data-testid="settle-again">
      <strong>
        {months.length === 1 ? 'A settled month needs' : `${months.length} settled months need`} settling
        again:
      </strong>{' '}
      this import changed data that{' '}
      {months.map((m, i) => (
        <span key={m.month}>
          {i > 0 ? ', ' : ''}
          {monthTitle(m.month)}’s run {m.runId}
        </span>
      ))}{' '}
      used. Its statements keep that run’s figures until the month is settled again.{' '}
      <a href={settlementHref(months[0]!.month)}>Settle on the Settlement screen</a>
    </div>
  );
}

/** Links shown before "and N more": a year of monthly files still lists each month. */
const NEXT_MONTHS_LISTED = 12;

/** Months the import stored readings in that are not settled yet: settling them is the next step. */
function SettleNext({ months }: { months: string[] }) {
  const listed = months.slice(0, NEXT_MONTHS_LISTED);
  return (
    <div className="callout callout-next" role="status" data-testid="settle-next">
      <strong>
        Next: settle {months.length === 1 ? monthTitle(months[0]!) : `these ${months.length} months`}
      </strong>
      {months.length === 1 ? ', now that it has readings.' : ', now that they have readings:'}{' '}
      {listed.map((month, i) => (
        <span key={month}>
          {i > 0 ? ' · ' : ''}
          <a href={settlementHref(month)}>Settle {monthTitle(month)} on the Settlement screen</a>
        </span>
      ))}
      {months.length > listed.length ? ` · and ${months.length - listed.length} more there` : ''}
    </div>
  );
}

export function ImportReport({ report, zone }: { report: ImportReportDto; zone: string }) {
  const rejected = report.status === 'rejected';
  const title =
    report.status === 'dry-run'
      ? 'Dry run: nothing stored yet'
      : rejected
        ? 'Checked: this file would store nothing as it is'
        : 'Imported';
  const unsettled = (report.monthsTouched ?? []).filter((m) => m.runId === null).map((m) => m.month);
  const testId = rejected
    ? 'import-rejected'
    : report.status === 'dry-run'
      ? 'import-preview'
      : 'import-result';
  return (
    <div className={`import-report${rejected ? ' status-error' : ''}`} data-testid={testId}>
      <h3>{title}</h3>
      {/* A check that stores nothing is worded below from its rows; the API's message names UTC times. */}
      {rejected ? null : <p>{report.message}</p>}
      {report.settleAgain && report.settleAgain.length > 0 ? (
        <SettleAgain months={report.settleAgain} />
      ) : null}
      {unsettled.length > 0 ? <SettleNext months={unsettled} /> : null}
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
          {report.rowsRead} read, {report.rowsStored} {report.status === 'stored' ? 'stored' : 'to store'}
          {report.rowsRejected ? `, ${report.rowsRejected} rejected` : ''}
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code>{report.sha256}</code>
        </dd>
      </dl>
      {report.rejectedRows.length > 0 ? <RejectedRows report={report} zone={zone} /> : null}
      {!rejected && report.preview && report.preview.length > 0 ? (
        <table className="table compact" data-testid="import-preview-rows">
          <caption>The first readings as they will be stored (times in {zone}; UTC on hover)</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Meter</th>
              <th scope="col">Start</th>
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
                <td>
                  <SeedTime text={row.start} zone={zone} />
                </td>
                <td className="num">{formatNumber(row.minutes, 0)}</td>
                <td className="num">{showFooted(energyFoot, row.kWh)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {!rejected && report.meters && report.meters.length > 0 ? (
        <table className="table compact">
          <caption>Per meter</caption>
          <thead>
            <tr>
              <th scope="col">Meter</th>
              <th scope="col" className="num">
                Readings
              </th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {report.meters.map((m) => (
              <tr key={m.meterId}>
                <td>{m.meterId}</td>
                <td className="num">{formatNumber(m.readings, 0)}</td>
                <td>
                  <SeedTime text={m.from} zone={zone} />
                </td>
                <td>
                  <SeedTime text={m.to} zone={zone} />
                </td>
                <td className="num">
                  {m.totalKWh !== undefined
                    ? `${showFooted(energyFoot, m.totalKWh)} kWh`
                    : `${m.total === undefined ? '—' : formatUpTo(m.total, 3)} ${m.unit ?? ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** Input fields the API names for what decides an import, worded as the wizard's controls. */
const DECIDING_FIELDS = new Set(['kind', 'onConflict', 'mapping']);

/** A refused check or import: what to do, in the wizard's words, then the rows or fields named. */
export function ImportRefusal({ error, strict }: { error: OperationError; strict: boolean }) {
  const fields = Object.entries(error.fields ?? {});
  const named = fields.filter(([where]) => !DECIDING_FIELDS.has(where));
  const tips = advice({
    conflicts: error.fields?.onConflict ? 'some' : 0,
    kindUndetected: Boolean(error.fields?.kind),
    noHeader: Boolean(error.fields?.mapping),
    others: error.fields?.onConflict || error.fields?.kind ? 0 : named.length,
    strict,
  });
  return (
    <div className="status status-error" role="alert" data-testid="import-error">
      {/* The API's message names the first field; when a control decides, its advice says more. */}
      {tips.length === 0 ? <p>{error.message}</p> : null}
      {tips.map((tip) => (
        <p key={tip} className="callout" data-testid="import-advice">
          {tip}
        </p>
      ))}
      {named.length > 0 ? (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {named.slice(0, 200).map(([where, messages]) => (
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
