/**
 * A load profile's CSV as the user sends it, read into weights: a year of hourly weights, or
 * typical days by month, day type and hour. Every weight goes through the bounded decimal
 * parser before anything sums it; a CSV that does not read is refused naming its lines.
 */
import { addFieldError, type FieldErrors } from '../../shared/definition';
import { decimalProblem, NOT_A_DECIMAL, shortValue } from '../../shared/units';
import { refuseFields as refuse } from '../errors';

/**
 * A profile's CSV: one weight per line (a year: 8,760), or `month,day_type,hour,weight`
 * rows for typical days (day_type `weekday` or `weekend`, hour 0–23). A header line is
 * skipped when its first field is not a number. Each weight goes through the bounded
 * parser (shared/units.ts) before any sum: one out of range is refused naming its line
 * and value (shortened).
 */
export function readProfileText(
  text: string,
  shape: 'year' | 'typical-days',
  what = 'the load profile',
): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), number: i + 1 }))
    .filter((l) => l.text !== '');
  if (lines.length > 0 && !/^[-+.\d]/.test(lines[0]!.text)) lines.shift();
  const errors: FieldErrors = {};
  const weightOf = (weight: string, line: number): string => {
    const problem = decimalProblem(weight);
    if (problem !== null)
      addFieldError(
        errors,
        'csv',
        `line ${line}: weight "${shortValue(weight)}" ${problem === NOT_A_DECIMAL ? 'is not a number' : problem}`,
      );
    return weight;
  };
  if (shape === 'year') {
    const weights = lines.map((l) =>
      weightOf(
        l.text
          .split(/[,;\t]/)
          .pop()!
          .trim(),
        l.number,
      ),
    );
    if (Object.keys(errors).length > 0) refuse(what, errors);
    return weights;
  }
  const weights: string[] = Array.from({ length: 576 }, () => '');
  lines.forEach(({ text: line, number }) => {
    const [month, dayType, hour, weight] = line.split(/[,;\t]/).map((f) => f.trim());
    const m = Number(month);
    const h = Number(hour);
    const d = dayType === 'weekday' ? 0 : dayType === 'weekend' ? 1 : -1;
    if (
      !Number.isInteger(m) ||
      m < 1 ||
      m > 12 ||
      d < 0 ||
      !Number.isInteger(h) ||
      h < 0 ||
      h > 23 ||
      !weight
    )
      addFieldError(
        errors,
        `csv`,
        `line ${number}: expected month (1–12), weekday|weekend, hour (0–23), weight`,
      );
    else weights[((m - 1) * 2 + d) * 24 + h] = weightOf(weight, number);
  });
  if (Object.keys(errors).length > 0) refuse(what, errors);
  const missing = weights.findIndex((w) => w === '');
  if (missing >= 0)
    refuse(what, {
      csv: [
        `has no weight for month ${Math.floor(missing / 48) + 1}, ${Math.floor(missing / 24) % 2 ? 'weekend' : 'weekday'}, hour ${missing % 24}`,
      ],
    });
  return weights;
}
