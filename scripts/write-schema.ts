// Writes docs/workspace-definition.schema.json from the zod schema (npm run docs:schema).
import { writeFileSync } from 'node:fs';

import { workspaceDefinitionJsonSchema } from '../shared/definition-schema';

writeFileSync(
  'docs/workspace-definition.schema.json',
  `${JSON.stringify(workspaceDefinitionJsonSchema(), null, 2)}\n`,
);
console.log('wrote docs/workspace-definition.schema.json');
