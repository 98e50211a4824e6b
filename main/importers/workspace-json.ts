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
import { ApiError } from '../api/errors';
import { checkVirtualMeters } from '../engine/virtual-meters';
import type { Database } from '../store/database';
import { findStillReferenced, writeDefinition } from '../store/definition-repository';
import { beginImport, finishImport } from '../store/imports-repository';
import { readVirtualSetup } from '../store/virtual-meter-repository';

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

function rejected(fileName: string, fields: FieldErrors): ApiError {
  const [field, messages] = Object.entries(fields)[0] ?? ['(root)', ['is invalid']];
  const count = Object.values(fields).reduce((sum, list) => sum + list.length, 0);
  return new ApiError(
    'invalid_input',
    `${fileName}: ${field} ${messages[0]}${count > 1 ? ` (and ${count - 1} more error(s))` : ''}. Nothing was stored.`,
    fields,
  );
}

/** Validates a parsed definition; throws ApiError with field errors when it is not valid. */
export function validateDefinition(value: unknown, fileName: string): WorkspaceDefinition {
  const parsed = WorkspaceDefinition.safeParse(value);
  if (!parsed.success) throw rejected(fileName, zodFieldErrors(parsed.error));
  const referenceErrors = checkDefinitionReferences(parsed.data);
  if (Object.keys(referenceErrors).length > 0) throw rejected(fileName, referenceErrors);
  return parsed.data;
}

export async function importDefinition(
  db: Database,
  fileName: string,
  value: unknown,
  bytes?: Buffer,
): Promise<ImportReportDto> {
  const definition = validateDefinition(value, fileName);
  const sha256 = createHash('sha256')
    .update(bytes ?? JSON.stringify(value))
    .digest('hex');
  return db.write(async (tx) => {
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
      throw rejected(fileName, fields);
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
      if (Object.keys(fields).length > 0) throw rejected(fileName, fields);
    }
    const importId = await beginImport(tx, 'workspace', fileName);
    await writeDefinition(tx, definition);
    const report: ImportReportDto = {
      importId,
      kind: 'workspace',
      fileName,
      sha256,
      status: 'stored',
      rowsRead: definition.participants.length + definition.meters.length,
      rowsStored: definition.participants.length + definition.meters.length,
      valuesRounded: 0,
      rejectedRows: [],
      message: `${fileName}: workspace definition stored (${definition.participants.length} participants, ${definition.meters.length} meters, ${definition.pools.length} pool(s))`,
    };
    await finishImport(tx, report);
    return report;
  });
}

export async function importDefinitionFile(
  db: Database,
  fileName: string,
  source: Readable,
): Promise<ImportReportDto> {
  const bytes = await readAll(source);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ApiError(
      'invalid_input',
      `${fileName}: is not valid JSON (${(error as Error).message}). Nothing was stored.`,
      {
        '(root)': [`is not valid JSON: ${(error as Error).message}`],
      },
    );
  }
  return importDefinition(db, fileName, value, bytes);
}
