import { writeFileSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { buildDemoWorkspace } from '../../main/demo/build-demo';
import { Workspace } from '../../main/store/workspace';
import { importFixture, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

async function exportDefinition(workspace: Workspace): Promise<unknown> {
  const result = await callOperation({ workspace }, 'workspace:get', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('workspace definition files', () => {
  it('import then export gives the file back, and export → import → export is the identity', async () => {
    const first = await Workspace.create(temp.file('first.sqlite'));
    expect(await importFixture(first, 'workspace-small.json')).toMatchObject({
      ok: true,
      value: { kind: 'workspace', status: 'stored' },
    });
    const exported = await exportDefinition(first);
    const fixture = readFixtureJson<Record<string, unknown>>('workspace-small.json');
    expect((exported as { participants: unknown }).participants).toEqual(
      (fixture.participants as { id: string }[]).slice().sort((a, b) => a.id.localeCompare(b.id)),
    );
    const file = temp.file('exported.json');
    writeFileSync(file, JSON.stringify(exported));
    const second = await Workspace.create(temp.file('second.sqlite'));
    const imported = await callOperation({ workspace: second }, 'workspace:import-definition', {
      definition: exported,
    });
    expect(imported.ok).toBe(true);
    expect(await exportDefinition(second)).toEqual(exported);
    await first.close();
    await second.close();
  });

  it('round-trips the demo definition for all three keys', async () => {
    for (const key of ['prorata', 'priority', 'static'] as const) {
      const { workspace } = await buildDemoWorkspace(temp.file(`demo-${key}.sqlite`), { key });
      const exported = await exportDefinition(workspace);
      const copy = await Workspace.create(temp.file(`demo-${key}-copy.sqlite`));
      expect(
        (await callOperation({ workspace: copy }, 'workspace:import-definition', { definition: exported }))
          .ok,
      ).toBe(true);
      expect(JSON.stringify(await exportDefinition(copy))).toBe(JSON.stringify(exported));
      await workspace.close();
      await copy.close();
    }
  });

  it('rejects a definition with unknown ids, storing nothing', async () => {
    const workspace = await Workspace.create(temp.file('bad.sqlite'));
    const definition = readFixtureJson<{
      pools: { versions: { key: string }[] }[];
      utilityPlanAssignments: { utilityPlanId: string }[];
    }>('workspace-small.json');
    definition.pools[0]!.versions[0]!.key = 'lottery';
    definition.utilityPlanAssignments[0]!.utilityPlanId = 'pea';
    const schemaError = await callOperation({ workspace }, 'workspace:import-definition', { definition });
    expect(schemaError).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: { 'pools[0].versions[0].key': ['must be one of prorata, priority, static'] },
      },
    });
    definition.pools[0]!.versions[0]!.key = 'prorata';
    const referenceError = await callOperation({ workspace }, 'workspace:import-definition', { definition });
    expect(referenceError).toMatchObject({
      ok: false,
      error: {
        fields: { 'utilityPlanAssignments[0].utilityPlanId': ['refers to unknown utility plan "pea"'] },
      },
    });
    expect(await workspace.db.all('SELECT * FROM participants')).toEqual([]);
    await workspace.close();
  });
});
