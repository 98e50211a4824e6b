/**
 * One row of a readings file: its meter (mapped, or created for `createMeters`), its time and unit;
 * a reading of the long (and canonical) layout checked, converted to mWh and handed to the
 * readings sink; a wide or cumulative row handed on to readings-layouts.ts.
 */
import { formatSeedUtc } from '../../shared/time';
import { parseEnergy, shortValue } from '../../shared/units';
import { createImportedMeter } from '../store/meter-repository';

import type { CsvRecord } from './csv-record';
import { unitFromCell } from './layout-detection';
import { instantWithOffset, readTime, type TimeReading } from './local-time';
import { cellOf, normaliseNumber } from './readings-columns';
import { allowedMinutes, cumulativeRow, wideRow, type RowContext } from './readings-layouts';
import { excelSerialText } from './xlsx-rows';

/** One record after the header: checked, and its reading(s) handed to the sink when it has no error. */
export async function readRow(ctx: RowContext, record: CsvRecord): Promise<void> {
  const {
    tx,
    mapping,
    timezone,
    canonical,
    isXlsx,
    delimiter,
    header,
    columns,
    errors,
    sink,
    folds,
    dstNotes,
  } = ctx;
  const { meters, metersCreated, counts } = ctx;
  const fields = record.fields;
  const before: number = errors.count;
  if (record.fields.length < header.length) {
    errors.add(
      record.line,
      '(row)',
      record.fields.join(delimiter),
      `has ${record.fields.length} field(s) where the header has ${header.length}`,
      'ragged',
    );
    return;
  }
  const sourceMeter = columns.meter === null ? mapping.meterId! : cellOf(fields, columns.meter);
  const meterId = mapping.meterMap[sourceMeter] ?? sourceMeter;
  if (!meters.has(meterId) && mapping.createMeters && /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(meterId)) {
    // Created in this import's transaction: if the file is rejected, the meter goes with it.
    await createImportedMeter(tx, {
      id: meterId,
      participantId: mapping.createMeters.participantId,
      meterType: mapping.createMeters.meterType,
      direction: mapping.createMeters.direction,
    });
    meters.add(meterId);
    metersCreated.push(meterId);
  }
  if (!meters.has(meterId)) {
    errors.add(
      record.line,
      columns.meter === null ? 'meterId' : header[columns.meter]!,
      sourceMeter,
      sourceMeter === '' ? 'is empty' : 'is not a meter of this workspace',
      'unknown-meter',
    );
  }
  const timeColumn = header[columns.time]!;
  // An XLSX time cell without a date format arrives as its serial number (days since 1899-12-30).
  const rawTime = cellOf(fields, columns.time);
  const cellTime = isXlsx && /^\d{4,6}(\.\d+)?$/.test(rawTime) ? excelSerialText(Number(rawTime)) : rawTime;
  const timeText = columns.date === null ? cellTime : `${cellOf(fields, columns.date)} ${cellTime}`;
  let unit = columns.unit;
  if (unit === null) {
    const unitText = cellOf(fields, columns.unitColumn);
    unit = unitFromCell(unitText);
    if (!unit) {
      errors.add(
        record.line,
        header[columns.unitColumn!]!,
        unitText,
        'is not a unit of energy (Wh, kWh or MWh)',
        'bad-unit',
      );
      return;
    }
  }
  if (mapping.layout === 'wide') {
    await wideRow(ctx, record.line, record.fields, meterId, timeColumn, timeText, unit, before);
    return;
  }
  if (mapping.layout === 'cumulative') {
    await cumulativeRow(
      ctx,
      record.line,
      meterId,
      timeColumn,
      timeText,
      header[columns.energy]!,
      cellOf(fields, columns.energy),
      unit,
      before,
    );
    return;
  }
  let minutes: number = mapping.intervalMinutes ?? 60;
  if (columns.minutes !== null) {
    const text = cellOf(fields, columns.minutes);
    minutes = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!allowedMinutes.has(minutes))
      errors.add(record.line, header[columns.minutes]!, text, 'must be 5, 15, 30 or 60', 'bad-minutes');
  }
  let stamp: number | null = null;
  // Canonical times carry their offset: read those straight away, anything else through luxon.
  const fastStamp = canonical && !mapping.timeFormat ? instantWithOffset(timeText) : null;
  const reading: TimeReading =
    fastStamp !== null
      ? { kind: 'instant', utc: fastStamp }
      : readTime(timeText, timezone, mapping.timeFormat);
  if (canonical && reading.kind !== 'instant') {
    errors.add(
      record.line,
      timeColumn,
      timeText,
      'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
      'bad-time',
    );
  } else if (canonical && fastStamp === null && !/(Z|[+-]\d{2}:?\d{2})$/i.test(timeText.trim())) {
    errors.add(
      record.line,
      timeColumn,
      timeText,
      'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
      'bad-time',
    );
  } else if (reading.kind === 'instant') {
    stamp = reading.utc;
  } else if (reading.kind === 'ambiguous') {
    stamp = folds.resolve(meterId, reading);
    if (stamp === null)
      errors.add(
        record.line,
        timeColumn,
        timeText,
        `occurs more than twice for meter ${meterId} in ${timezone}'s repeated hour; the file's order cannot resolve it`,
        'dst-fold',
      );
    else if (dstNotes.length < 50)
      dstNotes.push(
        `line ${record.line}: ${timeText} (${timezone}) is in the repeated hour; read as ${formatSeedUtc(stamp)} UTC by its order in the file`,
      );
  } else if (reading.kind === 'gap') {
    errors.add(
      record.line,
      timeColumn,
      timeText,
      `does not exist in ${timezone} (the clocks skip it when summer time starts)`,
      'dst-gap',
    );
  } else {
    errors.add(record.line, timeColumn, timeText, reading.reason, 'bad-time');
  }
  let startUtc = 0;
  if (stamp !== null && allowedMinutes.has(minutes)) {
    startUtc = mapping.timestamp === 'end' ? stamp - minutes * 60 : stamp;
    // Aligned in UTC to the interval, or to 15 minutes for hours of markets whose offset is not whole (+05:30, +05:45).
    if (startUtc % (Math.min(minutes, 15) * 60) !== 0) {
      errors.add(record.line, timeColumn, timeText, `must start on a ${minutes}-minute boundary`, 'bad-time');
    }
  }
  const energyText = cellOf(fields, columns.energy);
  let energy = 0;
  try {
    const parsed = parseEnergy(
      normaliseNumber(energyText, mapping.decimalSeparator, mapping.thousandsSeparator),
      unit,
    );
    energy = parsed.milliWh;
    if (parsed.wasRounded) counts.valuesRounded++;
  } catch (error) {
    errors.add(
      record.line,
      header[columns.energy]!,
      shortValue(energyText.trim()),
      (error as Error).message.replace(/^".*?" /, ''),
      'bad-number',
    );
  }
  if (errors.count === before && stamp !== null) {
    const full = sink.add({
      meterId,
      startUtc,
      endUtc: startUtc + minutes * 60,
      energyMilliWh: energy,
      isEstimated: false,
      line: record.line,
      column: timeColumn,
      value: timeText,
    });
    if (full) await sink.flush();
  }
  ctx.progress();
}
