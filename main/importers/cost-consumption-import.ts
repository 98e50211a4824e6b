/**
 * Seed 004's cost & consumption documents (JSON, or XML `deviceCostAndConsumption`)
 * imported as readings: each dated component of the device (and of its
 * sub-metering devices) becomes a reading of its meter — 5 to 60 minutes long →
 * interval data, a day or longer → summary usage — with its cost kept beside
 * it (as for Green Button, in 1/100,000 of the currency) and, when it has one
 * rate key, that key as its TOU tier (A = 1). A component of another length is
 * a rejected row, named. The device is the meter of the same id, or the one
 * `mapping.meterId` (root device) / `mapping.meterMap` (any device) names.
 */
import type { Readable } from 'node:stream';

import { SaxesParser } from 'saxes';

import type { ImportReportDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { Dec, parseDecimal, parseEnergy, shortValue, type ParsedEnergy } from '../../shared/units';
import { beginImport, finishImport, importFileNames } from '../store/imports-repository';
import { electricityMeterIds } from '../store/meter-repository';
import type { Store } from '../store/store';

import { countingHasher, readWholeText } from './csv-source';
import { MAX_XML_DEPTH, xmlTooDeep } from './espi-reader';
import { JsonNumberError, parseBoundedJson } from './json-text';
import { INTERVAL_TABLE, previewOf, ReadingsSink, SUMMARY_TABLE, type ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';

export interface CostConsumptionImportOptions {
  fileName: string;
  source: Readable;
  currency: string;
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  mapping?: Record<string, unknown>;
}

/** A document node: attributes (`@name`), text children, nested components and sub-metering devices. */
interface Node {
  attrs: Record<string, string>;
  fields: Record<string, string>;
  components: Node[];
  devices: Node[];
  line: number;
}

export function looksLikeCostAndConsumption(head: Buffer): boolean {
  const text = head.toString('utf8');
  return text.includes('deviceCostAndConsumption') || /"@deviceId"\s*:/.test(text);
}

/** JSON has no lines: a component is numbered in document order (the document itself is 1). */
function fromJson(value: Record<string, unknown>, line: { n: number }): Node {
  const myLine = line.n;
  const attrs: Record<string, string> = {};
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(value))
    if (k.startsWith('@')) attrs[k.slice(1)] = String(v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
  const list = (value.componentList as { component?: unknown } | undefined)?.component;
  const components = (Array.isArray(list) ? list : list ? [list] : []).map((c) => {
    line.n++;
    return fromJson(c as Record<string, unknown>, line);
  });
  const subs = (value.subMeteringDetails as { deviceCostAndConsumption?: unknown } | undefined)
    ?.deviceCostAndConsumption;
  const devices = (Array.isArray(subs) ? subs : subs ? [subs] : []).map((d) =>
    fromJson(d as Record<string, unknown>, line),
  );
  return { attrs, fields, components, devices, line: myLine };
}

/** Reads the XML document; one nested deeper than MAX_XML_DEPTH is refused at that line. */
function fromXml(text: string): Node {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Node[] = [];
  let root: Node | null = null;
  let field: string | null = null;
  let fieldText = '';
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (++depth > MAX_XML_DEPTH) throw new Error(xmlTooDeep(parser.line));
    const name = tag.local ?? tag.name;
    if (name === 'deviceCostAndConsumption' || name === 'component') {
      const node: Node = {
        attrs: Object.fromEntries(
          Object.values(tag.attributes)
            .filter((a) => typeof a === 'object' && !a.name.startsWith('xmlns'))
            .map((a) => [(a as { local: string }).local, (a as { value: string }).value]),
        ),
        fields: {},
        components: [],
        devices: [],
        line: parser.line,
      };
      const parent = stack[stack.length - 1];
      if (!parent) root = node;
      else if (name === 'component') parent.components.push(node);
      else parent.devices.push(node);
      stack.push(node);
    } else if (name !== 'subMeteringDetails') {
      field = name;
      fieldText = '';
    }
  });
  parser.on('text', (t) => {
    if (field) fieldText += t;
  });
  parser.on('closetag', (tag) => {
    depth--;
    const name = tag.local ?? tag.name;
    if (name === 'deviceCostAndConsumption' || name === 'component') stack.pop();
    else if (field === name) {
      stack[stack.length - 1]!.fields[name] = fieldText.trim();
      field = null;
    }
  });
  parser.write(text).close();
  if (!root) throw new Error('has no deviceCostAndConsumption element');
  return root;
}

export async function importCostAndConsumption(
  db: Store,
  options: CostConsumptionImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  let valuesRounded = 0;
  const facts = () => ({
    kind: 'readings' as const,
    sha256: counter.sha256(),
    rowsRead,
    valuesRounded,
    mode,
    onConflict,
  });
  try {
    const text = await readWholeText(options.source, transform).catch((error) => errors.refuseText(error));
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      const describe = await importFileNames(tx);
      const interval = new ReadingsSink(tx, importId, onConflict, errors, describe, INTERVAL_TABLE);
      const summary = new ReadingsSink(tx, importId, onConflict, errors, describe, SUMMARY_TABLE);
      let root: Node | null = null;
      try {
        root = text.trimStart().startsWith('<')
          ? fromXml(text)
          : fromJson(parseBoundedJson(text) as Record<string, unknown>, { n: 1 });
      } catch (error) {
        // A JSON number out of range is named by its line in the file and its path.
        if (error instanceof JsonNumberError)
          errors.add(error.line, error.field, error.value, error.problem, 'bad-number');
        else
          errors.addFileError(
            `is not a seed-004 cost and consumption document: ${(error as Error).message}`,
            'not-cost-consumption',
          );
      }
      const meters = new Set(await electricityMeterIds(tx));
      const mapping = options.mapping ?? {};
      const meterMap = (mapping.meterMap ?? {}) as Record<string, string>;
      const devices: {
        deviceId: string;
        meterId: string;
        statedKWh: string | null;
        statedCost: string | null;
        components: number;
      }[] = [];
      const readDevice = async (node: Node, isRoot: boolean) => {
        const deviceId = node.attrs.deviceId ?? '';
        const meterId =
          meterMap[deviceId] ?? (isRoot && typeof mapping.meterId === 'string' ? mapping.meterId : deviceId);
        if (!meters.has(meterId)) {
          errors.add(
            node.line,
            '@deviceId',
            deviceId,
            `is not a meter of this workspace; name one with mapping.${isRoot ? 'meterId' : 'meterMap'}`,
            'unknown-meter',
          );
          rowsRead += node.components.length;
          return;
        }
        devices.push({
          deviceId,
          meterId,
          statedKWh: node.fields.consumption ?? null,
          statedCost: node.fields.cost ?? null,
          components: node.components.length,
        });
        for (const c of node.components) {
          rowsRead++;
          const fromText = c.attrs.fromDate ?? '';
          const toText = c.attrs.toDate ?? '';
          const start = Date.parse(fromText) / 1000;
          const end = Date.parse(toText) / 1000;
          if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
            errors.add(
              c.line,
              '@fromDate',
              `${fromText} … ${toText}`,
              'must be two instants, @toDate after @fromDate',
              'bad-time',
            );
            continue;
          }
          const length = end - start;
          const table =
            [300, 900, 1800, 3600].includes(length) && start % 300 === 0
              ? 'interval'
              : length >= 82_800
                ? 'summary'
                : null;
          if (!table) {
            errors.add(
              c.line,
              '@fromDate',
              `${fromText} … ${toText}`,
              `is ${length / 60} minutes long: neither interval data (5, 15, 30 or 60 minutes on the clock) nor summary usage (a day or longer)`,
              'bad-interval',
            );
            continue;
          }
          const consumption = c.fields.consumption ?? '';
          if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(consumption)) {
            errors.add(c.line, 'consumption', consumption, 'must be a number of kWh', 'bad-number');
            continue;
          }
          // Through the bounded parser: exact mWh, rounded half-even, within the safe range.
          let energy: ParsedEnergy;
          try {
            energy = parseEnergy(consumption, 'kWh');
          } catch (error) {
            errors.add(
              c.line,
              'consumption',
              shortValue(consumption),
              (error as Error).message.replace(/^".*?" /, ''),
              'bad-number',
            );
            continue;
          }
          if (energy.wasRounded) valuesRounded++;
          const cost = c.fields.cost;
          let fileCost: number | null = null;
          if (cost !== undefined) {
            if (!/^-?\d+(\.\d+)?$/.test(cost)) {
              errors.add(c.line, 'cost', cost, 'must be a decimal amount', 'bad-number');
              continue;
            }
            if (!errors.checkDecimal(c.line, 'cost', cost, 'must be a decimal amount')) continue;
            fileCost = Number(
              parseDecimal(cost).times(100_000).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toFixed(),
            );
            if (!Number.isSafeInteger(fileCost)) {
              errors.add(c.line, 'cost', shortValue(cost), 'is too large to store', 'bad-number');
              continue;
            }
          }
          const keys = c.components.map((k) => k.attrs.rateKey).filter((k): k is string => Boolean(k));
          const tou = keys.length === 1 && /^[A-Z]$/.test(keys[0]!) ? keys[0]!.charCodeAt(0) - 64 : null;
          const sink = table === 'interval' ? interval : summary;
          const full = sink.add({
            meterId,
            startUtc: start,
            endUtc: end,
            energyMilliWh: energy.milliWh,
            isEstimated: false,
            line: c.line,
            column: '@fromDate',
            value: fromText,
            fileCost,
            fileCurrency:
              fileCost !== null
                ? typeof mapping.currency === 'string'
                  ? mapping.currency
                  : options.currency
                : null,
            quality: null,
            tou,
          });
          if (full) await sink.flush();
        }
        for (const sub of node.devices) await readDevice(sub, false);
      };
      if (root) await readDevice(root, true);
      await interval.finish();
      await summary.finish();
      await refuseRepeatedFile(tx, counter.sha256(), importId);
      if (errors.byRule['not-cost-consumption']) refuseRejectedRows(errors, 'strict', 0);
      const stored = interval.stored + summary.stored;
      if (errors.count === 0 && rowsRead === 0)
        errors.addFileError('has no dated component to import', 'empty');
      refuseRejectedRows(errors, mode, stored);
      const figures = [...interval.meters.values(), ...summary.meters.values()];
      const report: ImportReportDto = {
        importId,
        fileName,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsStored: stored,
        readingsKept: interval.kept + summary.kept,
        readingsReplaced: interval.replaced + summary.replaced,
        format: 'cost-consumption',
        meters: [...new Set(figures.map((m) => m.meterId))].sort().map((meterId) => {
          const mine = figures.filter((m) => m.meterId === meterId);
          return {
            meterId,
            readings: mine.reduce((s, m) => s + m.readings, 0),
            from: formatSeedUtc(Math.min(...mine.map((m) => m.firstStartUtc))),
            to: formatSeedUtc(Math.max(...mine.map((m) => m.lastEndUtc)) - 1),
            totalKWh: new Dec(mine.reduce((s, m) => s + m.totalMilliWh, 0)).dividedBy(1_000_000).toFixed(),
          };
        }),
        costAndConsumption: devices,
        ...(options.dryRun
          ? { preview: previewOf([...interval.firstRead, ...summary.firstRead].slice(0, 20)) }
          : {}),
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${stored} reading(s) from a cost and consumption document (${interval.stored} interval, ${summary.stored} daily or longer) for ${new Set(figures.map((m) => m.meterId)).size} meter(s), costs kept beside them${valuesRounded ? `; ${valuesRounded} value(s) finer than a mWh rounded half-even` : ''}${errors.note('component')}`,
        ...facts(),
        ...errors.facts,
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(
      error,
      db,
      { ...facts(), ...errors.facts },
      options.dryRun ? { dryRun: true } : {},
    );
  }
}
