/**
 * The definition editor's model (renderer/src/pages/definition/draft.ts): a definition made
 * into a draft and back is the same definition, in the same order (main's field errors index
 * it), and renaming a participant keeps what refers to it. The editor is at #/workspace/definition.
 */
import { describe, expect, it } from 'vitest';

import {
  definitionOf,
  draftOf,
  emptyMeter,
  emptyParticipant,
  emptyPoolVersion,
  startDayOf,
} from '../../renderer/src/pages/definition/draft';
import { formatRoute, parseRoute } from '../../renderer/src/router';
import { WorkspaceDefinition } from '../../shared/definition';
import { describeDefinitionChanges } from '../../shared/definition-diff';
import { definitionTemplate } from '../../shared/definition-template';
import { readFixtureJson } from '../helpers/temp-workspace';

describe('the definition editor draft', () => {
  it('starts new versions where the market already starts, else on the first of this month', () => {
    const empty = draftOf(
      WorkspaceDefinition.parse({
        ...definitionTemplate,
        pools: [],
        offerPlans: [],
        utilityPlans: [],
        utilityPlanAssignments: [],
      }),
    );
    expect(startDayOf(empty, '2026-12-01')).toBe('2026-12-01');
    const template = draftOf(WorkspaceDefinition.parse(definitionTemplate));
    const first = startDayOf(template, '2026-12-01');
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A market dated once for past data: what is added after follows the earliest date.
    template.pools[0]!.versions.push(emptyPoolVersion('2026-12-01'));
    expect(startDayOf(template, '2026-12-01')).toBe(first);
    template.pools[0]!.versions[0]!.effectiveFrom = '2021-06-01';
    expect(startDayOf(template, '2026-12-01')).toBe('2021-06-01');
    // A date being typed is not one yet.
    template.pools[0]!.versions[0]!.effectiveFrom = '2024-0';
    expect(startDayOf(template, '2026-12-01')).not.toBe('2024-0');
  });

  for (const [name, definition] of [
    ['the template', definitionTemplate],
    ['workspace-small.json', readFixtureJson('workspace-small.json')],
    ['workspace-golden.json', readFixtureJson('workspace-golden.json')],
  ] as const) {
    it(`gives ${name} back`, () => {
      const original = WorkspaceDefinition.parse(definition);
      const again = WorkspaceDefinition.parse(definitionOf(draftOf(original)));
      expect(again).toEqual(original);
      expect(describeDefinitionChanges(original, again)).toEqual([]);
    });
  }

  it('keeps meters, memberships, plans and assignments with a participant whose id changes', () => {
    const draft = draftOf(WorkspaceDefinition.parse(definitionTemplate));
    draft.participants[1]!.id = 'bakery-2';
    const def = WorkspaceDefinition.parse(definitionOf(draft));
    expect(def.meters[1]!.participantId).toBe('bakery-2');
    expect(def.pools[0]!.members[1]!.participantId).toBe('bakery-2');
    expect(def.utilityPlanAssignments[0]!.participantId).toBe('bakery-2');
  });

  it('sends what was typed for main to judge, leaving empty optional values out', () => {
    const draft = draftOf(WorkspaceDefinition.parse(definitionTemplate));
    const participant = { ...emptyParticipant(), id: 'new-one', name: '' };
    draft.participants.push(participant);
    draft.meters.push({ ...emptyMeter(participant.key), id: 'new-one-main', meterType: 'two' });
    draft.settings.paymentTolerance = '';
    const def = definitionOf(draft) as any;
    expect(def.settings).not.toHaveProperty('paymentTolerance');
    expect(def.participants[3]).toEqual({ id: 'new-one', name: '', role: 'consumer' });
    expect(def.meters[3]).toEqual({
      id: 'new-one-main',
      participantId: 'new-one',
      meterType: 'two',
      direction: 'consumption',
      settles: true,
    });
    const parsed = WorkspaceDefinition.safeParse(def);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'meters.3.meterType',
      'participants.3.name',
    ]);
  });

  it('is at #/workspace/definition', () => {
    expect(parseRoute('#/workspace/definition')).toEqual({ kind: 'definition' });
    expect(formatRoute({ kind: 'definition' })).toBe('#/workspace/definition');
    expect(parseRoute('#/workspace/other').kind).toBe('not-found');
    expect(parseRoute('#/workspace/definition/x').kind).toBe('not-found');
  });
});
