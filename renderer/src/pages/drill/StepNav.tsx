/** Previous and next day of a day page, previous and next hour of an hour page (either role). */
import { dayHref, dayTitle, hourHref, type Role } from '../../router';

import { StepLinks } from './common';
import { routeHourLabel, stepDay, stepHour, type HourPlace } from './steps';

export function DaySteps({ role, id, day }: { role: Role; id: string; day: string }) {
  const before = stepDay(day, -1);
  const after = stepDay(day, 1);
  return (
    <StepLinks
      unit="day"
      current={dayTitle(day)}
      previous={{ href: dayHref(role, id, before), label: dayTitle(before) }}
      next={{ href: dayHref(role, id, after), label: dayTitle(after) }}
    />
  );
}

export function HourSteps({
  role,
  id,
  day,
  hour,
  offset,
  zone,
}: {
  role: Role;
  id: string;
  day: string;
  hour: string;
  offset?: string;
  zone: string;
}) {
  const link = (place: HourPlace) => ({
    href: hourHref(role, id, place.day, place.hour, place.offset),
    label: place.day === day ? place.label : `${dayTitle(place.day)}, ${place.label}`,
  });
  return (
    <StepLinks
      unit="hour"
      current={routeHourLabel(hour, offset)}
      previous={link(stepHour(day, hour, zone, -1, offset))}
      next={link(stepHour(day, hour, zone, 1, offset))}
    />
  );
}
