/**
 * Issue 18, a market built in the app: the template shipped with the app imports as it is and
 * validates against the documented JSON Schema; a definition saved from the editor
 * (workspace:save-definition) goes through the workspace importer, so it is an import of kind
 * `workspace` in the import log and the audit log, undone with imports:remove; its dry run says
 * what would change and stores nothing; and its errors are keyed by the definition's JSON paths.
 */
import { readFileSync, writeFileSync } from 'node:fs';

// ajv (JSON Schema 2020-12) comes with electron-builder: an independent check of the documented schema.
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { Workspace } from '../../main/store/workspace';
import { workspaceDefinitionJsonSchema } from '../../shared/definition-schema';
import {
  definitionTemplate,
  definitionTemplateText,
  WORKSPACE_DEFINITION_SCHEMA_ID,
} from '../../shared/definition-template';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const template = () => JSON.parse(definitionTemplateText()) as any;

async function fresh(name: string): Promise<Workspace> {
  return Workspace.create(temp.file(`${name}.sqlite`), { name: 'New market' });
}

describe('the definition template', () => {
  it('names the JSON Schema, describes each part, and validates against docs/workspace-definition.schema.json', () => {
    const schema = JSON.parse(readFileSync('docs/workspace-definition.schema.json', 'utf8'));
    expect(template().$schema).toBe(WORKSPACE_DEFINITION_SCHEMA_ID);
    expect(schema.$id).toBe(WORKSPACE_DEFINITION_SCHEMA_ID);
    expect(workspaceDefinitionJsonSchema().$id).toBe(WORKSPACE_DEFINITION_SCHEMA_ID);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(template()), JSON.stringify(validate.errors)).toBe(true);
    // The check has teeth: a consumer with a generation meter's role spelt wrong is refused.
    const broken = template();
    broken.participants[0].role = 'producer';
    expect(validate(broken)).toBe(false);

    expect(typeof definitionTemplate.description).toBe('string');
    expect(definitionTemplate.settings.description).toBeTruthy();
    for (const part of [
      'participants',
      'meters',
      'pools',
      'offerPlans',
      'utilityPlans',
      'utilityPlanAssignments',
    ] as const) {
      expect(definitionTemplate[part].length).toBeGreaterThan(0);
      for (const item of definitionTemplate[part]) expect(item.description, part).toBeTruthy();
    }
    // The example market: one prosumer, two consumers, one pool of all three, one offer plan, one utility plan.
    expect(definitionTemplate.participants.map((p) => p.role).sort()).toEqual([
      'consumer',
      'consumer',
      'prosumer',
    ]);
    expect(definitionTemplate.pools).toHaveLength(1);
    expect(definitionTemplate.pools[0]!.members).toHaveLength(3);
    expect(definitionTemplate.offerPlans).toHaveLength(1);
    expect(definitionTemplate.utilityPlans).toHaveLength(1);
  });

  it('imports as it is, as a file (imports:file) and as a definition, leaving its notes out', async () => {
    const file = temp.file('energy-ledger-definition-template.json');
    writeFileSync(file, definitionTemplateText());
    const workspace = await fresh('template-file');
    const report = await importFileOk(workspace, file);
    expect(report).toMatchObject({ kind: 'workspace', status: 'stored' });
    const stored = await callOk(workspace, 'workspace:get', {});
    expect(stored.participants).toHaveLength(3);
    expect(stored.meters).toHaveLength(3);
    expect(stored.pools[0].members).toHaveLength(3);
    expect(stored.settings).toEqual({
      name: 'Example market',
      timezone: 'Asia/Bangkok',
      currency: 'THB',
      priceZone: 'TH-EXAMPLE',
      paymentTolerance: '0.05',
    });
    expect(JSON.stringify(stored)).not.toContain('description');
    expect(JSON.stringify(stored)).not.toContain('$schema');
    const keys = await workspace.db.all<{ key: string }>('SELECT key FROM settings ORDER BY key');
    expect(keys.map((k) => k.key)).not.toContain('description');

    const other = await fresh('template-definition');
    expect(await callOk(other, 'workspace:import-definition', { definition: template() })).toMatchObject({
      status: 'stored',
    });
    expect(await callOk(other, 'workspace:get', {})).toEqual(stored);
    await workspace.close();
    await other.close();
  });
});

describe('saving a definition from the editor', () => {
  it('checks (dry run) saying what would change, saves as a workspace import, logs it, and undoes it', async () => {
    const workspace = await fresh('editor');
    const definition = template();

    const check = await callOk(workspace, 'workspace:save-definition', { definition, dryRun: true });
    expect(check.status).toBe('dry-run');
    expect(check.message).toContain('dry run, nothing stored');
    expect(check.changes).toEqual([
      'sets name from "New market" to "Example market"',
      'sets priceZone from "default" to "TH-EXAMPLE"',
      'sets paymentTolerance to "0.05"',
      'adds participant(s) sunny-rooftops, corner-bakery, village-school',
      'adds meter(s) sunny-rooftops-pv, corner-bakery-main, village-school-main',
      'adds pool(s) village-pool',
      'adds offer plan(s) sunny-rooftops-offer',
      'adds utility plan(s) grid-flat',
      'adds utility plan assignment(s) corner-bakery → grid-flat from 2024-01-01, village-school → grid-flat from 2024-01-01',
    ]);
    expect((await callOk(workspace, 'workspace:get', {})).participants).toEqual([]);
    expect(await callOk(workspace, 'imports:list', {})).toEqual([]);

    const first = await callOk(workspace, 'workspace:save-definition', { definition });
    expect(first).toMatchObject({ kind: 'workspace', status: 'stored' });
    expect(first.fileName).toMatch(/^definition-edited-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);

    // An edit: a participant renamed, the pool's key now priority with ranks, a TOU rate.
    definition.participants[1].name = 'Corner Bakery & Café';
    definition.pools[0].versions.push({ effectiveFrom: '2024-07-01', key: 'priority' });
    definition.pools[0].members[1].rank = 1;
    definition.pools[0].members[2].rank = 2;
    definition.utilityPlans[0].versions.push({
      effectiveFrom: '2024-07-01',
      rate: { type: 'tou', hourlyPricesPerKwh: Array.from({ length: 24 }, (_, h) => (h < 9 ? '3' : '5')) },
    });
    const second = await callOk(workspace, 'workspace:save-definition', {
      definition,
      fileName: 'definition-edited-second.json',
    });
    expect(second.changes).toEqual([
      'changes participant(s) corner-bakery',
      'changes pool(s) village-pool',
      'changes utility plan(s) grid-flat',
    ]);
    const edited = await callOk(workspace, 'workspace:get', {});
    expect(edited.participants.find((p: any) => p.id === 'corner-bakery').name).toBe('Corner Bakery & Café');

    const imports = await callOk(workspace, 'imports:list', {});
    expect(imports.map((i: any) => [i.kind, i.fileName, i.status])).toEqual([
      ['workspace', 'definition-edited-second.json', 'stored'],
      ['workspace', first.fileName, 'stored'],
    ]);
    const audit = await callOk(workspace, 'audit:list', { kind: 'import' });
    expect(audit.entries.map((e: any) => e.description).join('\n')).toContain(
      `import #${second.importId} definition-edited-second.json (workspace): stored`,
    );

    // Undone like a definition imported from a file: the one it replaced comes back.
    const undone = await callOk(workspace, 'imports:remove', { importId: second.importId });
    expect(undone.definitionRestored).toBe('Example market');
    const restored = await callOk(workspace, 'workspace:get', {});
    expect(restored.participants.find((p: any) => p.id === 'corner-bakery').name).toBe('Corner Bakery');
    expect(restored.pools[0].versions).toHaveLength(1);
    const removals = await callOk(workspace, 'audit:list', { text: 'removed (undone)' });
    expect(removals.entries).toHaveLength(1);
    await workspace.close();
  });

  it("answers errors keyed by the definition's JSON paths, storing nothing", async () => {
    const workspace = await fresh('errors');
    const definition = template();
    definition.settings.timezone = 'Mars/Olympus';
    definition.participants[2].name = '';
    definition.pools[0].versions[0].key = 'random';
    definition.utilityPlans[0].versions[0].rate = { type: 'tou', hourlyPricesPerKwh: ['1'] };
    const result = await callOperation({ workspace }, 'workspace:save-definition', { definition });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.fields).toMatchObject({
      'settings.timezone': ['must be an IANA timezone name, e.g. Asia/Bangkok'],
      'participants[2].name': ['must not be empty'],
      'pools[0].versions[0].key': ['must be one of prorata, priority, static'],
      'utilityPlans[0].versions[0].rate.hourlyPricesPerKwh': ['must list 24 prices, one per local hour'],
    });
    expect(result.error.message).toMatch(/^definition-edited-.*\.json: line \d+, /);

    // Reference errors as well: a meter of an unknown participant, a consumer's offer plan.
    const references = template();
    references.meters[1].participantId = 'nobody';
    references.offerPlans[0].participantId = 'corner-bakery';
    const refused = await callOperation({ workspace }, 'workspace:save-definition', {
      definition: references,
      dryRun: true,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.fields).toEqual({
        'meters[1].participantId': ['refers to unknown participant "nobody"'],
        'offerPlans[0].participantId': ['"corner-bakery" is a consumer; offer plans belong to prosumers'],
      });
    const missing = await callOperation({ workspace }, 'workspace:save-definition', {});
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.fields).toEqual({ definition: ['is required'] });
    expect(await callOk(workspace, 'imports:list', {})).toEqual([]);
    expect((await callOk(workspace, 'workspace:get', {})).settings.name).toBe('New market');
    await workspace.close();
  });
});
