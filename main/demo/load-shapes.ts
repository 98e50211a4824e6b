/**
 * The consumers' load shapes (see generate.ts): the DOE reference building profiles read on
 * the demo year's weekdays (the mall's open every day), the near-flat synthetic shapes of the
 * hospital and the data centre, and those two as the load profiles the demo saves.
 */
import type { DemoLoadProfile, LoadProfiles } from './market-types';

/**
 * Hospitals and data centres are not among the reference profiles: near-flat shapes made here,
 * the same every day. An hour's relative load (not normalized), as text: the demo also saves
 * these shapes as the workspace's load profiles DEMO-Hospital and DEMO-DataCentre.
 */
function syntheticHourValue(kind: 'Hospital' | 'DataCentre', hour: number): string {
  const daytime = hour >= 8 && hour < 20;
  if (kind === 'DataCentre') return daytime ? '1.06' : '1';
  if (!daytime) return '0.8';
  return hour >= 10 && hour < 16 ? '1.25' : '1.15';
}

function syntheticProfile(kind: 'Hospital' | 'DataCentre'): Float64Array {
  const weights = new Float64Array(8760);
  let sum = 0;
  for (let i = 0; i < 8760; i++) {
    const value = Number(syntheticHourValue(kind, i % 24));
    weights[i] = value;
    sum += value;
  }
  for (let i = 0; i < 8760; i++) weights[i]! /= sum;
  return weights;
}

/**
 * The weekday (1 Monday … 7 Sunday) of each shipped profile's first day. The DOE reference
 * buildings were simulated on a calendar year whose 1 January is a Sunday (US holidays on
 * 2006's dates), the stand-alone retail store's on one that starts on a Monday (2007's).
 */
const PROFILE_FIRST_WEEKDAY: Record<string, number> = { RetailStore: 1 };
const DEFAULT_FIRST_WEEKDAY = 7;

const normalized = (weights: Float64Array): Float64Array => {
  let sum = 0;
  for (const w of weights) sum += w;
  return weights.map((w) => w / sum);
};

/**
 * A profile read on the demo year's weekdays: day d of the year takes the profile's day with
 * the same weekday, at most six days away (a weekend stays a weekend), normalized again.
 */
export function alignedToWeekdays(
  profile: Float64Array,
  profileFirstWeekday: number,
  yearFirstWeekday: number,
): Float64Array {
  const shift = (yearFirstWeekday - profileFirstWeekday + 7) % 7;
  const out = new Float64Array(8760);
  for (let day = 0; day < 365; day++) {
    const from = shift === 0 ? day : day + shift - 7 >= 0 ? day + shift - 7 : day + shift;
    out.set(profile.subarray(from * 24, from * 24 + 24), day * 24);
  }
  return normalized(out);
}

/**
 * A shop open every day: each day whose load is well below a normal day's (the reference
 * store's short Sundays and its US holidays) takes the shape of the nearest trading day before it.
 */
export function openEveryDay(profile: Float64Array): Float64Array {
  const totals = Array.from({ length: 365 }, (_, day) =>
    profile.subarray(day * 24, day * 24 + 24).reduce((a, b) => a + b, 0),
  );
  const median = [...totals].sort((a, b) => a - b)[182]!;
  const trading = (day: number) => totals[day]! >= 0.8 * median;
  const out = profile.slice();
  for (let day = 0; day < 365; day++) {
    if (trading(day)) continue;
    let from = day - 1;
    while (from >= 0 && !trading(from)) from--;
    if (from < 0) for (from = day + 1; !trading(from); from++);
    out.set(profile.subarray(from * 24, from * 24 + 24), day * 24);
  }
  return normalized(out);
}

export function profileOf(name: string, profiles: LoadProfiles, yearFirstWeekday: number): Float64Array {
  if (name === 'Hospital' || name === 'DataCentre') return syntheticProfile(name);
  const profile = profiles[name];
  if (!profile) throw new Error(`the demo needs the load profile "${name}"`);
  return alignedToWeekdays(profile, PROFILE_FIRST_WEEKDAY[name] ?? DEFAULT_FIRST_WEEKDAY, yearFirstWeekday);
}

/** The synthetic shapes as load profiles DEMO-Hospital and DEMO-DataCentre (`load-profiles:save`). */
export function demoLoadProfiles(): DemoLoadProfile[] {
  return (['Hospital', 'DataCentre'] as const).map((kind) => ({
    code: `DEMO-${kind}`,
    name: kind === 'Hospital' ? 'Hospital (demo, synthetic)' : 'Data centre (demo, synthetic)',
    // The same relative load every day of the year, as typical days (normalized to 1 when saved).
    shape: 'typical-days' as const,
    csv: [
      'month,day_type,hour,weight',
      ...Array.from({ length: 12 }, (_, m) =>
        ['weekday', 'weekend'].flatMap((dayType) =>
          Array.from(
            { length: 24 },
            (_, hour) => `${m + 1},${dayType},${hour},${syntheticHourValue(kind, hour)}`,
          ),
        ),
      ).flat(),
      '',
    ].join('\n'),
    source: 'the demo generator’s near-flat synthetic shape (main/demo/generate.ts)',
  }));
}
