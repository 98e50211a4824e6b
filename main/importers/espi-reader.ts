/**
 * A streaming reader of Green Button (NAESB ESPI) XML: Atom feeds (one or
 * several usage points, entries linked by their hrefs, entries nested in a
 * container's content too) and bare ESPI documents, with the ESPI namespace
 * under any prefix (`espi:`, `ns:`) or as the default. Only the element being
 * read is held: interval readings go to `onReading` as they close, so memory
 * stays flat however large the file.
 *
 * It reports what the file says, as text; the importer decides what it means
 * (units, multipliers, meters) and what is wrong with it.
 */
import { SaxesParser } from 'saxes';

/** ESPI resources this reader knows, by local element name. */
const RESOURCES = new Set([
  'UsagePoint',
  'MeterReading',
  'ReadingType',
  'IntervalBlock',
  'UsageSummary',
  'ElectricPowerUsageSummary',
  'LocalTimeParameters',
]);

/** A UsageSummary's line items (ESPI: costAdditionalDetailLastPeriod, of type LineItem). */
const LINE_ITEMS = new Set(['costAdditionalDetailLastPeriod', 'LineItem']);

export interface ReadingTypeFacts {
  key: string;
  line: number;
  /** Every leaf element of the ReadingType by local name (uom, powerOfTenMultiplier, …), as written. */
  fields: Record<string, string>;
}

export interface UsagePointFacts {
  key: string;
  title: string;
  /** ServiceCategory/kind: 0 electricity, 1 gas, 2 water, … */
  serviceKind?: string;
}

export interface RawReading {
  /** The MeterReading this reading's IntervalBlock belongs to (an href tail, or "document" in a bare document). */
  series: string;
  /** The ReadingType the series uses, when the file links it (or, in a bare document, the one read before). */
  readingType?: string;
  start?: string;
  duration?: string;
  value?: string;
  cost?: string;
  tou?: string;
  qualities: string[];
  /** Where the IntervalReading starts in the file (1-based line and column). */
  line: number;
  column: number;
}

export interface UsageSummaryFacts {
  key: string;
  usagePoint: string;
  line: number;
  /** Leaf values by their path inside the summary, e.g. `billingPeriod/start`, `overallConsumptionLastPeriod/value`. */
  fields: Record<string, string>;
  /** costAdditionalDetailLastPeriod line items, each as its leaf values. */
  lineItems: Record<string, string>[];
}

export interface LocalTimeFacts {
  key: string;
  fields: Record<string, string>;
}

export interface EspiHandlers {
  onReading(reading: RawReading): void | Promise<void>;
  onReadingType(facts: ReadingTypeFacts): void;
  onUsagePoint(facts: UsagePointFacts): void;
  /** A MeterReading and the ReadingType it links to (undefined when it links none). */
  onMeterReading(series: string, readingType: string | undefined): void;
  onUsageSummary(facts: UsageSummaryFacts): void;
  onLocalTime(facts: LocalTimeFacts): void;
}

/**
 * The deepest element nesting any XML reader accepts (Green Button, cost & consumption, the
 * parts of an XLSX workbook; docs/formats.md). Real documents need fewer than 20 levels; a
 * deeper one is refused at the line where it passes the limit, before its depth costs time.
 */
export const MAX_XML_DEPTH = 64;

/** What a reader says of a document nested deeper than MAX_XML_DEPTH, at `line`. */
export function xmlTooDeep(line: number): string {
  return `nests elements more than ${MAX_XML_DEPTH} levels deep (line ${line}); real documents need fewer than 20, so it is refused`;
}

export class EspiSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'EspiSyntaxError';
  }
}

/** The part of an href from `UsagePoint/` (or from the resource's own name) on: what links compare. */
export function hrefKey(href: string): string {
  const path = href.split(/[?#]/)[0]!.replace(/\/+$/, '');
  const at = path.search(/(^|\/)UsagePoint\//);
  if (at >= 0) return path.slice(at).replace(/^\//, '');
  const resource = path.search(/(^|\/)(ReadingType|LocalTimeParameters|MeterReading)\//);
  return resource >= 0 ? path.slice(resource).replace(/^\//, '') : path;
}

/** The MeterReading an IntervalBlock href belongs to: `UsagePoint/1/MeterReading/1/IntervalBlock/3` → `UsagePoint/1/MeterReading/1`. */
function meterReadingOf(href: string): string | undefined {
  const key = hrefKey(href);
  const match = /^(.*MeterReading\/[^/]+)(\/IntervalBlock.*)?$/.exec(key);
  return match?.[1];
}

function usagePointOf(key: string): string {
  const match = /^(UsagePoint\/[^/]+)/.exec(key);
  return match?.[1] ?? 'document';
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

interface EntryState {
  self?: string;
  up?: string;
  related: string[];
  title: string;
  /** Readings of a block whose links come after its content: emitted when the entry closes. */
  waiting: RawReading[];
  blockSeen: boolean;
}

interface ResourceState {
  kind: string;
  entry: EntryState | null;
  line: number;
  fields: Record<string, string>;
  lineItems: Record<string, string>[];
  /** Index into the element stack where the resource starts. */
  depth: number;
}

export interface EspiReadResult {
  /** `feed` for an Atom feed, else the root element's local name. */
  root: string;
  /** Whether any ESPI resource was met. */
  espi: boolean;
}

/**
 * Reads decoded XML text chunks, calling the handlers as resources close.
 * Throws EspiSyntaxError (with its line) on XML that is not well formed, is cut short or nests
 * elements more than MAX_XML_DEPTH levels deep.
 */
export async function readEspi(
  chunks: AsyncIterable<string>,
  handlers: EspiHandlers,
): Promise<EspiReadResult> {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  const entries: EntryState[] = [];
  let resource: ResourceState | null = null;
  let reading: RawReading | null = null;
  let text = '';
  let root = '';
  let espi = false;
  let lastReadingType: string | undefined;
  let lastSeries: string | undefined;
  let bareCount = 0;
  let currentBlockSeries: { series: string; readingType?: string } | null = null;
  let lineItem: Record<string, string> | null = null;
  const ready: (RawReading | (() => void))[] = [];

  const pathInResource = () => (resource ? stack.slice(resource.depth + 1).join('/') : '');

  const blockSeries = (entry: EntryState | null): { series: string; readingType?: string } | null => {
    if (entry) {
      const fromLinks = [entry.self, entry.up].map((href) => (href ? meterReadingOf(href) : undefined));
      const series = fromLinks.find((s) => s !== undefined);
      if (series) return { series, ...(lastReadingType ? { readingType: lastReadingType } : {}) };
      if (!entry.self && !entry.up && entries.length > 0 && !entry.blockSeen) return null; // links may follow
    }
    // No usable links (a bare document): the last MeterReading, or the document's one series.
    if (lastSeries)
      return { series: lastSeries, ...(lastReadingType ? { readingType: lastReadingType } : {}) };
    return { series: 'document', ...(lastReadingType ? { readingType: lastReadingType } : {}) };
  };

  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (stack.length === 0) root = name;
    stack.push(name);
    if (stack.length > MAX_XML_DEPTH) throw new EspiSyntaxError(xmlTooDeep(parser.line), parser.line);
    text = '';
    if (name === 'entry') {
      entries.push({ related: [], title: '', waiting: [], blockSeen: false });
      return;
    }
    const entry = entries[entries.length - 1] ?? null;
    if (name === 'link' && stack[stack.length - 2] === 'entry' && entry) {
      const attributes = tag.attributes as Record<string, string>;
      const rel = attributes.rel ?? 'alternate';
      const href = attributes.href ?? '';
      if (rel === 'self') entry.self = href;
      else if (rel === 'up') entry.up = href;
      else if (rel === 'related') entry.related.push(href);
      return;
    }
    if (RESOURCES.has(name) && !resource) {
      espi = true;
      resource = { kind: name, entry, line: parser.line, fields: {}, lineItems: [], depth: stack.length - 1 };
      if (name === 'IntervalBlock') {
        currentBlockSeries = blockSeries(entry);
        if (entry) entry.blockSeen = true;
      }
      return;
    }
    if (resource?.kind === 'IntervalBlock' && name === 'IntervalReading') {
      reading = {
        series: currentBlockSeries?.series ?? '',
        ...(currentBlockSeries?.readingType ? { readingType: currentBlockSeries.readingType } : {}),
        qualities: [],
        line: parser.line,
        column: parser.column,
      };
    }
    if (resource && LINE_ITEMS.has(name)) lineItem = {};
  });

  parser.on('text', (chunk: string) => {
    text += chunk;
  });
  parser.on('cdata', (chunk: string) => {
    text += chunk;
  });

  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    const value = text.trim();
    text = '';
    const entry = entries[entries.length - 1] ?? null;
    if (reading) {
      const parent = stack[stack.length - 2];
      if (name === 'IntervalReading') {
        const done = reading;
        reading = null;
        if (done.series === '' && entry) entry.waiting.push(done);
        else ready.push(done);
      } else if (parent === 'timePeriod' && (name === 'start' || name === 'duration')) reading[name] = value;
      else if (name === 'value' || name === 'cost' || name === 'tou') reading[name] = value;
      else if (name === 'quality' && parent === 'ReadingQuality') reading.qualities.push(value);
    } else if (resource && stack.length - 1 > resource.depth) {
      // A leaf of the resource: kept by its path inside it.
      const path = pathInResource();
      if (lineItem && !LINE_ITEMS.has(name) && value !== '')
        lineItem[path.replace(/^.*(LineItem|costAdditionalDetailLastPeriod)\//, '')] = value;
      else if (LINE_ITEMS.has(name) && lineItem) {
        resource.lineItems.push(lineItem);
        lineItem = null;
      } else if (value !== '') resource.fields[path] = value;
    } else if (name === 'title' && stack[stack.length - 2] === 'entry' && entry) {
      entry.title = value;
    }
    if (resource && stack.length - 1 === resource.depth) {
      const done = resource;
      resource = null;
      finishResource(done);
    }
    if (name === 'entry') {
      entries.pop();
      if (entry && entry.waiting.length > 0) {
        const series = blockSeries({ ...entry, blockSeen: true });
        for (const waiting of entry.waiting) ready.push({ ...waiting, series: series?.series ?? 'document' });
      }
    }
    stack.pop();
  });

  const finishResource = (done: ResourceState) => {
    const entry = done.entry;
    const self = entry?.self ? hrefKey(entry.self) : undefined;
    switch (done.kind) {
      case 'ReadingType': {
        const key = self ?? `ReadingType/document-${++bareCount}`;
        lastReadingType = key;
        ready.push(() => handlers.onReadingType({ key, line: done.line, fields: done.fields }));
        break;
      }
      case 'UsagePoint': {
        const key = self ?? 'UsagePoint/document';
        const serviceKind = done.fields['ServiceCategory/kind'];
        ready.push(() =>
          handlers.onUsagePoint({
            key,
            title: entry?.title ?? '',
            ...(serviceKind !== undefined ? { serviceKind } : {}),
          }),
        );
        break;
      }
      case 'MeterReading': {
        const series = (entry?.self && meterReadingOf(entry.self)) || `document-${++bareCount}`;
        lastSeries = series;
        const linked = entry?.related.find((href) => /(^|\/)ReadingType\//.test(href));
        const readingType = linked ? hrefKey(linked) : undefined;
        ready.push(() => handlers.onMeterReading(series, readingType));
        break;
      }
      case 'UsageSummary':
      case 'ElectricPowerUsageSummary': {
        const key = self ?? `UsageSummary/document-${++bareCount}`;
        ready.push(() =>
          handlers.onUsageSummary({
            key,
            usagePoint: usagePointOf(key),
            line: done.line,
            fields: done.fields,
            lineItems: done.lineItems,
          }),
        );
        break;
      }
      case 'LocalTimeParameters': {
        const key = self ?? 'LocalTimeParameters/document';
        ready.push(() => handlers.onLocalTime({ key, fields: done.fields }));
        break;
      }
      case 'IntervalBlock':
        currentBlockSeries = null;
        break;
    }
  };

  let failure: EspiSyntaxError | null = null;
  parser.on('error', (error: Error) => {
    // saxes prefixes its messages with "line:column: ".
    const message = error.message.replace(/^\d+:\d+: /, '');
    failure ??= new EspiSyntaxError(`is not well-formed XML (line ${parser.line}): ${message}`, parser.line);
    throw failure;
  });

  const drain = async () => {
    for (const item of ready.splice(0)) {
      if (typeof item === 'function') item();
      else await handlers.onReading(item);
    }
  };

  for await (const chunk of chunks) {
    parser.write(chunk);
    await drain();
  }
  parser.close();
  await drain();
  if (stack.length > 0)
    throw new EspiSyntaxError(
      `ends inside <${stack[stack.length - 1]}> (line ${parser.line}): the file is cut short`,
      parser.line,
    );
  return { root, espi };
}
