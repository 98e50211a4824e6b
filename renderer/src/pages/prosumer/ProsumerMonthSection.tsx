/**
 * The settlement part of a generator's month, shown above its hourly energy:
 * the run shown, the sales cards, who bought its 24/7 CFE (a labelled pie and
 * the same slices in a table beside it, footed), and its breakdown by hours,
 * days or months.
 */
import { useMemo } from 'react';

import { distributionSlices, type SaleLine } from '../../charts/drill-charts';
import { useClient } from '../../client-context';
import { LineageButton } from '../../components/LineagePanel';
import { ErrorLine, Loading } from '../../components/Status';
import { formatEnergy, formatMoney, possessive } from '../../format';
import { useResult } from '../../hooks';
import { monthTitle } from '../../router';
import { METER_TYPE, NotSettled, RunNote, unwrap } from '../drill/common';
import { PieWithTable } from '../drill/PieWithTable';

import type { ProsumerProps } from './prosumer-shared';
import { ProsumerBreakdown } from './ProsumerBreakdown';

interface Transactions {
  runId?: number;
  settled: boolean;
  net_earnings?: number | string;
  gap_hours?: number;
  traded?: SaleLine;
  open_market?: SaleLine;
  unsold?: SaleLine;
}

interface Distribution {
  settled: boolean;
  traded?: {
    providers: {
      id: string;
      providerName: string;
      allocation: string;
      cost: string;
      price: string;
      price_is_average?: boolean;
    }[];
  };
  open_market?: { total_allocation?: string; allocation?: string; cost?: string };
  unsold?: { total_allocation?: string; allocation?: string; cost?: string };
}

export function ProsumerMonthSection({ id, name, currency, zone, month }: ProsumerProps & { month: string }) {
  const client = useClient();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const input = { prosumerId: id, month: monthNumber, year, meterType: METER_TYPE };
  const transactions = useResult(`transactions:${id}:${month}`, async () => {
    const result = unwrap<{ data: Transactions }>(await client['prosumer:transactions'](input));
    return result.ok ? { ok: true as const, value: result.value.data } : result;
  });
  const distribution = useResult(`distribution:${id}:${month}`, async () => {
    const result = unwrap<{ data: Distribution }>(await client['prosumer:distribution'](input));
    return result.ok ? { ok: true as const, value: result.value.data } : result;
  });
  const t = transactions.status === 'ok' ? transactions.value : null;
  return (
    <>
      {transactions.status === 'loading' ? <Loading>Loading the month’s settlement…</Loading> : null}
      {transactions.status === 'error' ? (
        <ErrorLine title="Could not load the settlement" error={transactions.error} />
      ) : null}
      {t && !t.settled ? <NotSettled month={month} /> : null}
      {t?.settled ? <RunNote month={month} runId={t.runId} zone={zone} /> : null}
      {t && t.settled && t.traded && t.open_market && t.unsold ? (
        <div className="cards" data-testid="sales-cards">
          <SaleCard title="24/7 CFE traded" line={t.traded} currency={currency} kind="traded" />
          <SaleCard title="Open market" line={t.open_market} currency={currency} kind="open_market" />
          <SaleCard title="Unsold" line={t.unsold} currency={currency} kind="unsold" />
          <div className="card stat">
            <h2>Net earnings</h2>
            <p className="stat-value" data-testid="net-earnings">
              {formatMoney(t.net_earnings ?? 0, currency)}
            </p>
            {t.gap_hours ? <p className="muted">{t.gap_hours} hour(s) without readings</p> : null}
          </div>
        </div>
      ) : null}
      {t?.settled ? (
        <LineageButton participantId={id} month={month} runId={t.runId} currency={currency} />
      ) : null}
      {distribution.status === 'ok' && distribution.value.settled && distribution.value.traded ? (
        <Buyers name={name} month={month} currency={currency} distribution={distribution.value} />
      ) : null}
      {t?.settled ? <ProsumerBreakdown id={id} currency={currency} zone={zone} month={month} /> : null}
    </>
  );
}

function Buyers({
  name,
  month,
  currency,
  distribution: d,
}: {
  name: string;
  month: string;
  currency: string;
  distribution: Distribution;
}) {
  const providers = d.traded?.providers ?? [];
  const openMarket = d.open_market?.total_allocation ?? d.open_market?.allocation ?? '0';
  const unsold = d.unsold?.total_allocation ?? d.unsold?.allocation ?? '0';
  const slices = useMemo(
    () => distributionSlices(providers, openMarket, unsold),
    [providers, openMarket, unsold],
  );
  const amounts = [...providers.map((p) => p.cost), d.open_market?.cost ?? '0', d.unsold?.cost ?? '0'];
  return (
    <div className="card">
      <h2>
        Who bought {possessive(name)} 24/7 CFE in {monthTitle(month)}
      </h2>
      <PieWithTable
        slices={slices}
        pieTestId="distribution-pie"
        pieLabel="Distribution of the month’s production by buying consumer, open market and unsold"
        tableTestId="buyers-table"
        partyTitle="Buyer"
        totalLabel="Production"
        totalTestId="buyers-total-kwh"
        amounts={{ amounts, currency, totalTestId: 'buyers-total-amount' }}
      />
    </div>
  );
}

function SaleCard({
  title,
  line,
  currency,
  kind,
}: {
  title: string;
  line: SaleLine;
  currency: string;
  kind: string;
}) {
  return (
    <div className={`card stat stat-${kind}`} data-testid={`card-${kind}`}>
      <h2>{title}</h2>
      <p className="stat-value">{formatEnergy(line.allocation)}</p>
      <p>
        {formatMoney(line.cost, currency)} · {line.rec} REC{line.rec === 1 ? '' : 's'}
      </p>
    </div>
  );
}
