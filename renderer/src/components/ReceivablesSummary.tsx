/**
 * What is still open, both ways: the totals owed to and by the market, the same
 * amounts by days past due (aging) and by participant (with each one's statement
 * of account). Amounts are on the currency's minor unit, so every table foots:
 * its total row is the sum of the rows shown, with no Rounding.
 */
import type { ReceivablesDto } from '../../../shared/contract';
import { Dec } from '../../../shared/units';
import { AGING_LABELS, nameAndId, openBalances, type OpenBalance } from '../receivables';

import { AccountStatementFiles } from './AccountStatementFiles';
import { DataTable, type Column } from './DataTable';
import { moneyFoot, showFooted, type Foot } from './TableFoot';

/** Whole counts (statements): no decimals. */
const countFoot: Foot = { places: 0, format: (rounded) => rounded };

/** The two money columns of a table of what is open, each footed (test ids `<testIdPrefix>-owed-to-market`, `…-by-market`). */
function owedColumns<T extends { owedToMarket: string; owedByMarket: string }>(
  money: Foot,
  testIdPrefix: string,
): Column<T>[] {
  return [
    {
      key: 'to',
      label: 'Owed to the market',
      foot: money,
      testId: `${testIdPrefix}-owed-to-market`,
      value: (row) => row.owedToMarket,
    },
    {
      key: 'by',
      label: 'Owed by the market',
      foot: money,
      testId: `${testIdPrefix}-owed-by-market`,
      value: (row) => row.owedByMarket,
    },
  ];
}

export function ReceivablesSummary({ dto, asOf }: { dto: ReceivablesDto; asOf: string }) {
  const money = moneyFoot(dto.currency);
  return (
    <>
      <div className="cards receivable-totals" data-testid="receivable-totals">
        <div className="card stat">
          <h2>Owed to the market</h2>
          <p className="stat-value" data-testid="total-owed-to-market">
            {showFooted(money, dto.totals.owedToMarket)}
          </p>
          <p className="muted">Invoices participants have not yet paid in full.</p>
        </div>
        <div className="card stat">
          <h2>Owed by the market</h2>
          <p className="stat-value" data-testid="total-owed-by-market">
            {showFooted(money, dto.totals.owedByMarket)}
          </p>
          <p className="muted">Credit notes the market has not yet paid in full.</p>
        </div>
      </div>

      <h2>Aging as of {dto.asOf}</h2>
      <p className="muted">
        What is still open, by days past the due date
        {!new Dec(dto.tolerance).isZero()
          ? `; differences within ${showFooted(money, dto.tolerance)} are written off`
          : ''}
        .
      </p>
      <DataTable
        testId="aging-table"
        fileName={`aging-${dto.asOf}`}
        rows={dto.aging}
        rowKey={(a) => a.bucket}
        columns={[
          {
            key: 'bucket',
            label: 'Days past due',
            header: true,
            value: (a) => a.bucket,
            render: (a) => AGING_LABELS[a.bucket],
          },
          ...owedColumns(money, 'aging'),
          { key: 'n', label: 'Open statements', foot: countFoot, value: (a) => String(a.statements) },
        ]}
      />

      <h2>Open balances by participant</h2>
      <DataTable<OpenBalance>
        testId="balances-table"
        fileName={`open-balances-${dto.asOf}`}
        rows={openBalances(dto)}
        rowKey={(b) => b.participantId}
        rowAttributes={(b) => ({ 'data-participant': b.participantId })}
        columns={[
          {
            key: 'p',
            label: 'Participant',
            header: true,
            value: nameAndId,
            render: (b) => b.name,
          },
          { key: 'role', label: 'Role', value: (b) => b.role },
          ...owedColumns(money, 'balance'),
          { key: 'n', label: 'Open statements', foot: countFoot, value: (b) => String(b.openStatements) },
          {
            key: 'account',
            label: 'Statement of account',
            value: () => '',
            render: (b) => (
              <AccountStatementFiles participantId={b.participantId} name={b.name} asOf={asOf} />
            ),
          },
        ]}
      />
    </>
  );
}
