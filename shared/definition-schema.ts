/** The workspace definition's JSON Schema, generated from the zod schema so the docs cannot drift from the code. */
import { z } from 'zod';

import { WorkspaceDefinition } from './definition';

export function workspaceDefinitionJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkspaceDefinition, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://energy-ledger.invalid/schemas/workspace-definition-1.json',
    title: 'Energy Ledger workspace definition (format version 1)',
    description:
      'Participants, meters, pools with effective-dated keys and memberships, offer plans and utility plans with versions. Decimals are JSON strings (exact); dates are local days YYYY-MM-DD in the workspace timezone.',
  };
}
