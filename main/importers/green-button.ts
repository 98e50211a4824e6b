/**
 * Green Button (NAESB ESPI) XML: how North American utilities export interval
 * data and bills. Streamed (espi-reader.ts) into the same machinery as every
 * readings import: one transaction, strict or partial, dry run, the same file
 * twice reported, conflicts rejected / replaced / kept, undo.
 *
 * Each usage point's MeterReading (with its ReadingType) becomes a meter:
 * mapped (`meterMap` by `UsagePoint/1/MeterReading/1`, `UsagePoint/1` or the
 * usage point's title; `meterId` for all), found by the id Energy Ledger gives
 * it (`gb-up1-mr1`), or created for `createMeters.participantId`. A reading's
 * energy is `value × 10^powerOfTenMultiplier` in the ReadingType's `uom`, kept
 * exactly in mWh (electricity) or thousandths of the unit (gas in therms,
 * water, …: stored with their unit, never settled). Readings of an hour or
 * less are interval data; a day or longer is summary usage (spec §1). Costs
 * (1/100,000 of the currency), reading quality and TOU tier are stored with
 * each reading. The file's UsageSummary totals are compared, in the report,
 * with the totals of the stored readings for the same billing period; a
 * difference is reported, never "fixed".
 *
 * This file holds the import itself (reading the feed, the transaction, the
 * report); ESPI's codes are espi-codes.ts, series and their meters
 * green-button-series.ts, storing readings green-button-readings.ts, and the
 * report's comparison with the file green-button-report.ts.
 */
import type { Readable } from 'node:stream';

import type { ImportReportDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { scaledDecimal } from '../../shared/units';
import { ApiError } from '../errors';
import { beginImport, finishImport, importFileNames } from '../store/imports-repository';
import { meterKinds } from '../store/meter-repository';
import { participantRole } from '../store/participant-directory';
import type { Store } from '../store/store';

import { countingHasher, peekBytes } from './csv-source';
import { readEspi, EspiSyntaxError, type RawReading, type UsageSummaryFacts } from './espi-reader';
import { storeReading, type GreenButtonCounts, type ReadingContext } from './green-button-readings';
import { compareWithFile } from './green-button-report';
import { GreenButtonMapping, settleSeries, type Series, type SeriesContext } from './green-button-series';
import { INTERVAL_TABLE, previewOf, ReadingsSink, SUMMARY_TABLE, type ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';
import { decoder, detectEncoding, InvalidTextError } from './text-decoding';

export interface GreenButtonImportOptions {
  fileName: string;
  source: Readable;
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  mapping?: Record<string, unknown>;
  /** The workspace's timezone. */
  timezone?: string;
  onProgress?: (progress: { fileName: string; bytesRead: number; rowsRead: number }) => void;
}

/** True when the first bytes look like XML (the importer then says whether it is Green Button). */
export function looksLikeXml(head: Buffer): boolean {
  const { encoding, bomLength } = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength, bomLength + 512)).trimStart();
  return text.startsWith('<?xml') || /^<[A-Za-z_][\w.:-]*[\s>/]/.test(text);
}

export async function importGreenButton(
  db: Store,
  options: GreenButtonImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const parsed = GreenButtonMapping.safeParse(options.mapping ?? {});
  if (!parsed.success) {
    throw new ApiError(
      'invalid_input',
      `${fileName}: the Green Button mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      Object.fromEntries(parsed.error.issues.map((i) => [`mapping.${i.path.join('.')}`, [i.message]])),
    );
  }
  const mapping = parsed.data;
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  const { head, stream } = await peekBytes(options.source, 4096);
  const counts: GreenButtonCounts = {
    rowsRead: 0,
    valuesRounded: 0,
    startsRounded: 0,
    daysResized: 0,
    zoneUsed: null,
  };
  const notes: string[] = [];
  const note = (text: string) => {
    if (!notes.includes(text) && notes.length < 100) notes.push(text);
  };
  const series = new Map<string, Series>();
  const summaries: UsageSummaryFacts[] = [];
  const localTimes: { key: string; fields: Record<string, string> }[] = [];
  const metersCreated: string[] = [];

  const facts = () => ({
    kind: 'readings' as const,
    format: 'green-button' as const,
    sha256: counter.sha256(),
    rowsRead: counts.rowsRead,
    valuesRounded: counts.valuesRounded,
    sizeBytes: counter.bytesRead,
    mode,
    onConflict,
    mapping,
    ...errors.facts,
  });

  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      const describe = await importFileNames(tx);
      const interval = new ReadingsSink(tx, importId, onConflict, errors, describe, INTERVAL_TABLE);
      const summary = new ReadingsSink(tx, importId, onConflict, errors, describe, SUMMARY_TABLE);
      const meters = new Map((await meterKinds(tx)).map((m) => [m.id, m]));
      const ownerRole = mapping.createMeters
        ? await participantRole(tx, mapping.createMeters.participantId)
        : undefined;
      const owner = ownerRole === undefined ? undefined : { role: ownerRole };
      if (mapping.createMeters && !owner)
        throw new ApiError(
          'invalid_input',
          `${fileName}: mapping.createMeters names unknown participant "${mapping.createMeters.participantId}"`,
          { 'mapping.createMeters.participantId': ['is not a participant of this workspace'] },
        );

      const readingTypes = new Map<string, { line: number; fields: Record<string, string> }>();
      const meterReadingTypes = new Map<string, string | undefined>();
      const usagePoints = new Map<string, { title: string; serviceKind?: string }>();
      const pending: RawReading[] = [];
      const seriesContext: SeriesContext = {
        tx,
        mapping,
        errors,
        note,
        meters,
        owner,
        usagePoints,
        metersCreated,
      };
      const readingContext: ReadingContext = {
        fileName,
        errors,
        note,
        counts,
        counter,
        interval,
        summary,
        localTimes,
        mapping,
        timezone: options.timezone,
        onProgress: options.onProgress,
      };
      const store = (reading: RawReading, into: Series) => storeReading(readingContext, reading, into);

      /** The series of a reading, its meter and units settled the first time its ReadingType is known. */
      const seriesOf = async (reading: RawReading): Promise<Series | null> => {
        const known = series.get(reading.series);
        if (known) return known;
        const typeKey = meterReadingTypes.get(reading.series) ?? reading.readingType;
        const type = typeKey ? readingTypes.get(typeKey) : undefined;
        if (!type) return null;
        const usagePoint = /^(UsagePoint\/[^/]+)/.exec(reading.series)?.[1] ?? 'document';
        const made = await settleSeries(seriesContext, reading, typeKey!, type, usagePoint);
        series.set(reading.series, made);
        return made;
      };

      if (head.length === 0) errors.addFileError('the file is empty', 'empty');
      else if (!looksLikeXml(head))
        errors.addFileError('is not XML, so not a Green Button (ESPI) file', 'not-xml');
      let shape = { root: '', espi: false };
      if (errors.count === 0) {
        const { encoding, bomLength } = detectEncoding(head);
        const decode = decoder(encoding, bomLength);
        stream.on('error', (error) => decode.destroy(error));
        stream.pipe(transform).pipe(decode);
        try {
          shape = await readEspi(decode as AsyncIterable<string>, {
            onReadingType: (f) => readingTypes.set(f.key, { line: f.line, fields: f.fields }),
            onUsagePoint: (f) =>
              usagePoints.set(f.key, {
                title: f.title,
                ...(f.serviceKind !== undefined ? { serviceKind: f.serviceKind } : {}),
              }),
            onMeterReading: (key, type) => meterReadingTypes.set(key, type),
            onUsageSummary: (f) => summaries.push(f),
            onLocalTime: (f) => localTimes.push(f),
            onReading: async (reading) => {
              const into = await seriesOf(reading);
              if (into) await store(reading, into);
              else pending.push(reading); // its ReadingType comes later in the file
            },
          });
        } catch (error) {
          if (error instanceof InvalidTextError) errors.addTextError(error);
          else if (!(error instanceof EspiSyntaxError)) throw error;
          else errors.add(error.line, '(file)', '', error.message, 'xml');
        }
        const unreadable = errors.byRule.xml !== undefined || errors.byRule.encoding !== undefined;
        if (!unreadable && !shape.espi) {
          errors.addFileError(
            shape.root === 'feed'
              ? 'is an Atom feed without Green Button (ESPI) content: no UsagePoint, MeterReading, ReadingType or IntervalBlock'
              : `is XML but not Green Button (ESPI): its root element is <${shape.root}>`,
            'not-green-button',
          );
        }
        if (!unreadable) {
          if (mapping.readingType)
            readingTypes.set('mapping.readingType', {
              line: 0,
              fields: Object.fromEntries(Object.entries(mapping.readingType).map(([k, v]) => [k, String(v)])),
            });
          for (const reading of pending) {
            if (mapping.readingType && !meterReadingTypes.get(reading.series) && !reading.readingType)
              reading.readingType = 'mapping.readingType';
            const into = await seriesOf(reading);
            if (into) await store(reading, into);
            else {
              counts.rowsRead++;
              errors.add(
                reading.line,
                'ReadingType',
                reading.series,
                `IntervalReading of ${reading.series}: no ReadingType says its unit and multiplier (give mapping.readingType for a bare document)`,
                'reading-type',
              );
            }
          }
        }
      }
      await interval.finish();
      await summary.finish();
      if (errors.count === 0 && counts.rowsRead === 0 && shape.espi)
        errors.addFileError('has no IntervalReading to import', 'empty');
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead: counts.rowsRead });
      await refuseRepeatedFile(tx, counter.sha256(), importId);
      // A file that is not well formed, or not Green Button, stores nothing in either mode.
      if (['xml', 'not-xml', 'not-green-button', 'empty'].some((rule) => errors.byRule[rule]))
        refuseRejectedRows(errors, 'strict', 0);
      const stored = interval.stored + summary.stored;
      refuseRejectedRows(errors, mode, stored);

      const zoneUsed = counts.zoneUsed;
      if (zoneUsed)
        notes.push(
          `daily readings read in ${zoneUsed.zone} (from ${zoneUsed.from})${counts.daysResized ? `; ${counts.daysResized} day(s) starting at local midnight stored as long as the local day (23 or 25 hours on DST changes) instead of the stated duration` : ''}`,
        );
      const greenButton = await compareWithFile(
        tx,
        series,
        summaries,
        localTimes,
        notes,
        counts.startsRounded,
      );
      const figures = [...interval.meters.values(), ...summary.meters.values()];
      const report: ImportReportDto = {
        importId,
        fileName,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsStored: stored,
        readingsKept: interval.kept + summary.kept,
        readingsReplaced: interval.replaced + summary.replaced,
        metersCreated,
        meters: [...new Set(figures.map((m) => m.meterId))].sort().map((meterId) => {
          const mine = figures.filter((m) => m.meterId === meterId);
          const unit = meters.get(meterId)?.unit ?? 'Wh';
          const total = mine.reduce((sum, m) => sum + BigInt(m.totalMilliWh), 0n);
          return {
            meterId,
            readings: mine.reduce((sum, m) => sum + m.readings, 0),
            from: formatSeedUtc(Math.min(...mine.map((m) => m.firstStartUtc))),
            to: formatSeedUtc(Math.max(...mine.map((m) => m.lastEndUtc)) - 1),
            ...(unit === 'Wh'
              ? { totalKWh: scaledDecimal(total, 6) }
              : { total: scaledDecimal(total, 3), unit }),
          };
        }),
        greenButton,
        ...(options.dryRun
          ? {
              preview: previewOf(
                [...interval.firstRead, ...summary.firstRead].slice(0, 20),
                (id) => meters.get(id)?.unit ?? 'Wh',
              ),
            }
          : {}),
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${stored} Green Button reading(s) (${interval.stored} interval, ${summary.stored} daily or longer) for ${figures.length === 0 ? 0 : new Set(figures.map((m) => m.meterId)).size} meter(s)${counts.valuesRounded ? `; ${counts.valuesRounded} value(s) finer than the stored unit rounded half-even` : ''}${metersCreated.length ? `; meter(s) created: ${metersCreated.join(', ')}` : ''}${greenButton.usageSummaries.some((s) => s.differs) ? '; the file’s UsageSummary differs from the stored readings (see the report)' : ''}${errors.note('reading')}`,
        ...facts(),
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(error, db, facts(), options.dryRun ? { dryRun: true } : {});
  }
}
