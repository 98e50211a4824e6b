/**
 * What replacing one workspace definition with another changes, part by part, in words: the
 * settings changed, and the participants, meters, pools, offer plans, utility plans and
 * assignments added, dropped or changed. The definition editor's Check shows it before saving.
 */
import type { WorkspaceDefinition } from './definition';

type Keyed = { id: string };

/** JSON with each object's keys sorted, so key order never counts as a change. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function describeItems<T extends Keyed>(what: string, before: T[], after: T[], out: string[]): void {
  const was = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  const added = [...now.keys()].filter((id) => !was.has(id));
  const dropped = [...was.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter(
    (id) => was.has(id) && stableJson(was.get(id)) !== stableJson(now.get(id)),
  );
  if (added.length) out.push(`adds ${what} ${added.join(', ')}`);
  if (dropped.length) out.push(`drops ${what} ${dropped.join(', ')}`);
  if (changed.length) out.push(`changes ${what} ${changed.join(', ')}`);
}

/** One line per change; empty when the two definitions are the same. */
export function describeDefinitionChanges(before: WorkspaceDefinition, after: WorkspaceDefinition): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  for (const key of keys) {
    const was = (before.settings as Record<string, string | undefined>)[key];
    const now = (after.settings as Record<string, string | undefined>)[key];
    if (was === now) continue;
    if (now === undefined) out.push(`removes ${key} (was "${was}")`);
    else out.push(`sets ${key} ${was === undefined ? '' : `from "${was}" `}to "${now}"`);
  }
  describeItems('participant(s)', before.participants, after.participants, out);
  describeItems('meter(s)', before.meters, after.meters, out);
  describeItems('pool(s)', before.pools, after.pools, out);
  describeItems('offer plan(s)', before.offerPlans, after.offerPlans, out);
  describeItems('utility plan(s)', before.utilityPlans, after.utilityPlans, out);
  const assignment = (a: WorkspaceDefinition['utilityPlanAssignments'][number]) =>
    `${a.participantId} → ${a.utilityPlanId} from ${a.effectiveFrom}`;
  const was = new Set(before.utilityPlanAssignments.map(assignment));
  const now = new Set(after.utilityPlanAssignments.map(assignment));
  const added = [...now].filter((a) => !was.has(a));
  const dropped = [...was].filter((a) => !now.has(a));
  if (added.length) out.push(`adds utility plan assignment(s) ${added.join(', ')}`);
  if (dropped.length) out.push(`drops utility plan assignment(s) ${dropped.join(', ')}`);
  return out;
}
