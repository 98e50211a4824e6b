/**
 * A day's hours, generator's and consumer's alike: a note above the chart, the chart (a click
 * on an hour opens it) and the hours' table, whose first column links each hour to its page;
 * the role gives the chart and the table's other columns.
 */
import { useMemo, type ReactNode } from 'react';

import { hourLabels, type TrackedHour } from '../../charts/drill-charts';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { DataTable, type Column } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { hourHref, type Role } from '../../router';

import { markDrill } from './common';

type HourLabel = ReturnType<typeof hourLabels>[number];

/** A row of a day's hours table: the hour as the view gives it, and how its route names it. */
interface DayHourRow<H> {
  h: H;
  label: HourLabel;
}

export function DayHours<H extends { localHour: string }>({
  role,
  id,
  day,
  hours,
  note,
  option,
  chartTestId,
  chartLabel,
  tableTestId,
  columns,
}: {
  role: Role;
  id: string;
  day: string;
  hours: H[];
  /** Above the chart: how many local hours, and what a click opens. */
  note: ReactNode;
  option: EChartsCoreOption;
  chartTestId: string;
  /** What the chart shows, for its accessible description. */
  chartLabel: string;
  tableTestId: string;
  /** The table's columns after the hour. */
  columns: Column<DayHourRow<H>>[];
}) {
  // hourLabels reads only an hour's localHour, which every role's hours have.
  const labels = useMemo(() => hourLabels(hours as unknown as TrackedHour[]), [hours]);
  const hrefOf = (label: HourLabel) =>
    hourHref(role, id, day, label.hour, label.ambiguous ? label.offset : undefined);
  return (
    <>
      <p className="muted chart-note">{note}</p>
      <EChart
        option={option}
        testId={chartTestId}
        label={chartLabel}
        onClick={(index) => {
          const label = labels[index];
          if (label) {
            markDrill();
            window.location.hash = hrefOf(label);
          }
        }}
      />
      <DataTable
        compact
        testId={tableTestId}
        fileName={`${id}-${day}-hours`}
        rows={hours.map((h, i) => ({ h, label: labels[i]! }))}
        rowKey={({ h }) => h.localHour}
        rowAttributes={({ label }) => ({ 'data-hour': label.hour })}
        columns={[
          {
            key: 'hour',
            label: 'Hour',
            header: true,
            value: ({ h }) => h.localHour,
            render: ({ label }) => (
              <a href={hrefOf(label)} onClick={markDrill}>
                {label.label}
              </a>
            ),
          },
          ...columns,
        ]}
      />
    </>
  );
}
