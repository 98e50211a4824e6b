import { describe, expect, it } from 'vitest';

import { ApiError } from '../../main/errors';
import { validateDefinition } from '../../main/importers/workspace-json';
import { readFixtureJson } from '../helpers/temp-workspace';

type Def = Record<string, unknown> & {
  pools: {
    key?: string;
    versions: { key: string }[];
    members: { participantId: string; effectiveFrom: string }[];
  }[];
  meters: { participantId: string }[];
  participants: { name: string }[];
};

function fieldsOf(definition: unknown): Record<string, string[]> {
  try {
    validateDefinition(definition, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).fields ?? {};
  }
  throw new Error('expected the definition to be rejected');
}

describe('workspace definition validation', () => {
  it('accepts the small fixture and fills defaults', () => {
    const def = validateDefinition(readFixtureJson('workspace-small.json'), 'workspace-small.json');
    expect(def.meters[0]).toMatchObject({ meterType: 1, settles: true });
    expect(def.offerPlans[0]!.versions[0]).toMatchObject({
      pricePerKwh: '3.2',
      sellsLeftoversToMarket: true,
      marketFloorPricePerKwh: '0',
      feedInPricePerKwh: '0',
    });
  });

  it('answers a bad allocation key in seed 002 field shape', () => {
    const def = readFixtureJson<Def>('workspace-small.json');
    def.pools[0]!.versions[0]!.key = 'random';
    expect(fieldsOf(def)).toEqual({
      'pools[0].versions[0].key': ['must be one of prorata, priority, static'],
    });
  });

  it('names unknown ids, duplicate names and overlapping pool memberships', () => {
    const def = readFixtureJson<Def>('workspace-small.json');
    def.meters[1]!.participantId = 'ghost';
    def.participants[2]!.name = def.participants[1]!.name;
    def.pools[0]!.members.push({ participantId: 'con-b', effectiveFrom: '2022-05-01' });
    const fields = fieldsOf(def);
    expect(fields['meters[1].participantId']).toEqual(['refers to unknown participant "ghost"']);
    expect(fields['participants[2].name']).toEqual(['duplicates participant name "Consumer B"']);
    expect(fields['pools[0].members[3].effectiveFrom']?.[0]).toMatch(
      /overlaps the membership at pools\[0\]\.members\[1\]/,
    );
  });

  it('refuses prices written as JSON numbers (they would pass through binary floating point)', () => {
    const def = readFixtureJson<
      Record<string, unknown> & { offerPlans: { versions: { pricePerKwh: unknown }[] }[] }
    >('workspace-small.json');
    def.offerPlans[0]!.versions[0]!.pricePerKwh = 3.2;
    expect(Object.keys(fieldsOf(def))).toEqual(['offerPlans[0].versions[0].pricePerKwh']);
  });
});

describe('the documented JSON Schema', () => {
  it('is the one generated from the code (run npm run docs:schema after changing the definition)', async () => {
    const { readFileSync } = await import('node:fs');
    const { workspaceDefinitionJsonSchema } = await import('../../shared/definition-schema');
    expect(JSON.parse(readFileSync('docs/workspace-definition.schema.json', 'utf8'))).toEqual(
      workspaceDefinitionJsonSchema(),
    );
  });
});
