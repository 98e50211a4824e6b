/**
 * Workspace definition JSON (docs/workspace-definition.md). Validated against
 * the schema and then for references (unknown ids, duplicate names, overlapping
 * pool memberships); any error is answered in seed 002's field shape and
 * nothing is stored. A valid file replaces the definition in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import type { ImportReportDto } from '../../shared/contract';
import {
  WorkspaceDefinition,
  addFieldError,
  checkDefinitionReferences,
  zodFieldErrors,
  type FieldErrors,
} from '../../shared/definition';
import { checkVirtualMeters } from '../engine/virtual-meters';
import { ApiError } from '../errors';
import { storedCurrency } from '../store/currency-setting';
import {
  definitionUndoFacts,
  findStillReferenced,
  readDefinitionIn,
  saveDefinitionSnapshot,
  writeDefinition,
} from '../store/definition-repository';
import {
  RemovalRefused,
  recordImportRemoval,
  removableImport,
  type RemovalOutcome,
} from '../store/import-removal';
import { beginImport, finishImport } from '../store/imports-repository';
import { issuedStatementCount } from '../store/statement-numbers';
import type { Store, WriteTransaction } from '../store/store';
import { readVirtualSetup } from '../store/virtual-meter-repository';

import { JsonNumberError, lineOfJsonField, parseBoundedJson } from './json-text';
import { DryRunFinished } from './row-errors';
import { decodeUtf8Strictly, InvalidTextError } from './text-decoding';

const MAX_DEFINITION_BYTES = 64 * 1024 * 1024;

export async function readAll(source: Readable, limit = MAX_DEFINITION_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new ApiError('invalid_input', `the file is larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The line of a field in the file's text, when the definition came as a file. */
type LineOf = (field: string) => number | null;

function rejected(fileName: string, fields: FieldErrors, lineOf?: LineOf): ApiError {
  const [field, messages] = Object.entries(fields)[0] ?? ['(root)', ['is invalid']];
  const count = Object.values(fields).reduce((sum, list) => sum + list.length, 0);
  const line = field === '(root)' ? null : lineOf?.(field);
  return new ApiError(
    'invalid_input',
    `${fileName}: ${line ? `line ${line}, ` : ''}${field} ${messages[0]}${count > 1 ? ` (and ${count - 1} more error(s))` : ''}. Nothing was stored.`,
    fields,
  );
}

/** Validates a parsed definition; throws ApiError with field errors when it is not valid. */
export function validateDefinition(value: unknown, fileName: string, lineOf?: LineOf): WorkspaceDefinition {
  const parsed = WorkspaceDefinition.safeParse(value);
  if (!parsed.success) throw rejected(fileName, zodFieldErrors(parsed.error), lineOf);
  const referenceErrors = checkDefinitionReferences(parsed.data);
  if (Object.keys(referenceErrors).length > 0) throw rejected(fileName, referenceErrors, lineOf);
  return parsed.data;
}

/**
 * Refuses a definition the stored data does not fit: meters with readings or participants
 * with lines or payments it leaves out, and virtual meters it would break.
 */
async function refuseUnfitDefinition(
  tx: WriteTransaction,
  definition: WorkspaceDefinition,
  what: string,
): Promise<void> {
  const orphaned = await findStillReferenced(tx, definition);
  if (orphaned.meters.length > 0 || orphaned.participants.length > 0) {
    const fields: FieldErrors = {};
    for (const id of orphaned.meters)
      addFieldError(fields, 'meters', `leaves out meter "${id}", which has stored readings`);
    for (const id of orphaned.participants)
      addFieldError(
        fields,
        'participants',
        `leaves out participant "${id}", which has settlement lines or payments`,
      );
    throw rejected(what, fields);
  }
  // Issued statements are in the workspace's currency: changing it would restate every amount due.
  const currency = await storedCurrency(tx);
  const issued = await issuedStatementCount(tx);
  if (currency !== undefined && currency !== definition.settings.currency && (issued ?? 0) > 0) {
    const fields: FieldErrors = {};
    addFieldError(
      fields,
      'settings.currency',
      `cannot change from ${currency}: ${issued!} statement(s) were issued in ${currency}; start a new workspace for another currency`,
    );
    throw rejected(what, fields);
  }
  // Virtual meters (seed 003) must still hold with the new physical meters and participants.
  const setup = await readVirtualSetup(tx);
  if (setup.virtual.length > 0 || setup.groups.length > 0) {
    const fields = checkVirtualMeters(
      setup.virtual,
      setup.groups,
      definition.meters.map((m) => ({ id: m.id, settles: m.settles, participantId: m.participantId })),
    );
    const participants = new Set(definition.participants.map((p) => p.id));
    for (const m of setup.virtual)
      if (!participants.has(m.participantId))
        addFieldError(
          fields,
          'participants',
          `leaves out participant "${m.participantId}", whose virtual meter ${m.id} exists`,
        );
    if (Object.keys(fields).length > 0) throw rejected(what, fields);
  }
}

/** What replacing `before` with `after` changes, in words (the name, participants and meters). */
function describeChange(before: WorkspaceDefinition, after: WorkspaceDefinition): string {
  const changes: string[] = [];
  if (before.settings.name !== after.settings.name)
    changes.push(`renames the workspace from "${before.settings.name}" to "${after.settings.name}"`);
  for (const [what, was, now] of [
    ['participant', before.participants, after.participants],
    ['meter', before.meters, after.meters],
  ] as const) {
    const wasIds = new Set(was.map((item) => item.id));
    const nowIds = new Set(now.map((item) => item.id));
    const added = [...nowIds].filter((id) => !wasIds.has(id));
    const dropped = [...wasIds].filter((id) => !nowIds.has(id));
    if (added.length) changes.push(`adds ${what}(s) ${added.join(', ')}`);
    if (dropped.length) changes.push(`drops ${what}(s) ${dropped.join(', ')}`);
  }
  return changes.length ? changes.join('; ') : 'keeps the same name, participants and meters';
}

export async function importDefinition(
  db: Store,
  fileName: string,
  value: unknown,
  bytes?: Buffer,
  options: { dryRun?: boolean; lineOf?: LineOf } = {},
): Promise<ImportReportDto> {
  const definition = validateDefinition(value, fileName, options.lineOf);
  const sha256 = createHash('sha256')
    .update(bytes ?? JSON.stringify(value))
    .digest('hex');
  const counts = `${definition.participants.length} participants, ${definition.meters.length} meters, ${definition.pools.length} pool(s)`;
  try {
    return await db.write(async (tx) => {
      await refuseUnfitDefinition(tx, definition, fileName);
      const previous = await readDefinitionIn(tx);
      const change = describeChange(previous, definition);
      // Undoing restores the definition an import replaced; the first one replaced none, so it
      // cannot be undone (removeDefinitionImport refuses it, and the Imports list offers no Undo).
      const undo =
        previous.participants.length === 0
          ? "it is the workspace's first definition: there is none before it to restore, so this import cannot be undone; save or import another definition to change the market"
          : 'undoing this import restores the definition it replaced';
      const report: ImportReportDto = {
        importId: 0,
        kind: 'workspace',
        fileName,
        sha256,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsRead: definition.participants.length + definition.meters.length,
        rowsStored: definition.participants.length + definition.meters.length,
        valuesRounded: 0,
        rejectedRows: [],
        message: options.dryRun
          ? `${fileName}: dry run, nothing stored: the workspace definition is valid (${counts}); importing it ${change}`
          : `${fileName}: workspace definition stored (${counts}); it ${change}; ${undo}`,
      };
      // A dry run stores nothing: its transaction is rolled back below, before any write.
      if (options.dryRun) throw new DryRunFinished(report);
      report.importId = await beginImport(tx, 'workspace', fileName);
      await saveDefinitionSnapshot(tx, report.importId, previous);
      await writeDefinition(tx, definition);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunFinished) return error.report;
    throw error;
  }
}

/**
 * Undoes definition import `importId`: the definition it replaced comes back, if it is the
 * definition in force, the stored data fits the earlier definition, and there was one.
 */
export async function removeDefinitionImport(db: Store, importId: number): Promise<RemovalOutcome> {
  return db.write(async (tx) => {
    const entry = await removableImport(tx, importId);
    const name = `import #${importId} (${entry.file_name})`;
    const facts = await definitionUndoFacts(tx, importId);
    if (facts.newerImport)
      throw new RemovalRefused(
        `${name} is not the definition in force: import #${facts.newerImport.id} (${facts.newerImport.fileName}) replaced it; undo that one first`,
      );
    if (facts.previous === undefined)
      throw new RemovalRefused(
        `${name} was made before Energy Ledger kept the definition each import replaces; import the definition you want instead`,
      );
    const previous = WorkspaceDefinition.safeParse(facts.previous);
    if (!previous.success || previous.data.participants.length === 0)
      throw new RemovalRefused(
        `${name} is the workspace's first definition, so there is no earlier one to restore; import the definition you want instead`,
      );
    await refuseUnfitDefinition(tx, previous.data, `undoing ${name}`);
    await writeDefinition(tx, previous.data);
    await recordImportRemoval(tx, importId, []);
    return {
      importId,
      fileName: entry.file_name,
      readingsRemoved: 0,
      readingsRestored: 0,
      pricesRemoved: 0,
      pricesRestored: 0,
      paymentsRemoved: 0,
      metersRemoved: [],
      metersKept: [],
      affectedRuns: [],
      definitionRestored: previous.data.settings.name,
    };
  });
}

export async function importDefinitionFile(
  db: Store,
  fileName: string,
  source: Readable,
  options: { dryRun?: boolean } = {},
): Promise<ImportReportDto> {
  const bytes = await readAll(source);
  let text: string;
  let value: unknown;
  try {
    // Bytes that are not UTF-8 are refused (never read as U+FFFD), and every number is
    // checked on its text before JSON.parse could make it Infinity or 0.
    text = decodeUtf8Strictly(bytes).replace(/^\uFEFF/, '');
    value = parseBoundedJson(text);
  } catch (error) {
    if (error instanceof InvalidTextError)
      throw new ApiError('invalid_input', `${fileName}: ${error.message}. Nothing was stored.`, {
        '(root)': [error.message],
      });
    if (error instanceof JsonNumberError)
      throw new ApiError('invalid_input', `${fileName}: ${error.message}. Nothing was stored.`, {
        [error.field]: [`"${error.value}" ${error.problem} (line ${error.line})`],
      });
    throw new ApiError(
      'invalid_input',
      `${fileName}: is not valid JSON (${(error as Error).message}). Nothing was stored.`,
      {
        '(root)': [`is not valid JSON: ${(error as Error).message}`],
      },
    );
  }
  return importDefinition(db, fileName, value, bytes, {
    ...options,
    lineOf: (field) => lineOfJsonField(text, field),
  });
}
