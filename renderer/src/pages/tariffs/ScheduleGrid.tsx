/**
 * A TOU schedule on the tariff editor as a 12 × 24 grid of periods, month by local hour, painted
 * with the mouse (press and drag across hours, or click cells one by one); the keyboard reaches
 * every cell (Enter or space paints it).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function ScheduleGrid({
  schedule,
  painting,
  setPainting,
  paint,
}: {
  /** The period of each month's local hours. */
  schedule: number[][];
  /** Whether the mouse is down, painting the cells it enters. */
  painting: boolean;
  setPainting: (painting: boolean) => void;
  paint: (month: number, hour: number) => void;
}) {
  return (
    <table
      className="schedule-grid"
      data-testid="schedule-grid"
      aria-label="TOU periods by month and local hour"
    >
      <thead>
        <tr>
          <th scope="col" />
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {schedule.map((row, month) => (
          <tr key={MONTHS[month]}>
            <th scope="row">{MONTHS[month]}</th>
            {row.map((period, hour) => (
              <td key={hour}>
                <button
                  type="button"
                  className={`cell period-${period}`}
                  aria-label={`${MONTHS[month]} ${hour}:00 period ${period}`}
                  data-cell={`${month}-${hour}`}
                  onMouseDown={() => {
                    setPainting(true);
                    paint(month, hour);
                  }}
                  onMouseEnter={() => {
                    if (painting) paint(month, hour);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      paint(month, hour);
                    }
                  }}
                >
                  {period}
                </button>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
