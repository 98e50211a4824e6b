/**
 * Meters: the resolution explorer (seed 004's cost and consumption of any
 * meter, physical or virtual, at any resolution, with its rate keys, the
 * utility's own file costs beside ours, a chart and a CSV export) and the
 * virtual meter builder (seed 003: versions of a use definition, saved whole
 * or refused by field, with a preview of the computed use against its sources).
 * Dates are local days taken as people read them, both ends included; the API's
 * ranges end before their end, so a last day goes out as the day after it.
 * Times are shown in the workspace's zone, named once under the heading.
 * This file loads the screen's data; its parts are in renderer/src/pages/meters/.
 */
import { useState } from 'react';

import type { ParticipantDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ZoneNote } from '../components/LocalTime';
import { Loading } from '../components/Status';
import { useResult, type AsyncState } from '../hooks';

import { ResolutionExplorer } from './meters/ResolutionExplorer';
import { VirtualMeterBuilder } from './meters/VirtualMeterBuilder';

export function MetersPage({ participants }: { participants: AsyncState<ParticipantDto[]> }) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const meters = useResult('meters', () => client['meters:list']({}));
  // Times are shown in the workspace's zone (UTC until it is known), money in its currency.
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const virtual = useResult(`virtual:${generation}`, () => client['virtual-meters:list']({}));
  const groups = useResult(`groups:${generation}`, () => client['meter-groups:list']({}));
  const allIds = [
    ...(meters.status === 'ok' ? meters.value.map((m) => m.id) : []),
    ...(virtual.status === 'ok' ? virtual.value.map((m) => m.id) : []),
  ];
  return (
    <section className="page" data-testid="meters-page">
      <h1>Meters</h1>
      <ZoneNote zone={zone} />
      {meters.status === 'loading' ? <Loading>Reading meters…</Loading> : null}
      <ResolutionExplorer meterIds={allIds} zone={zone} currency={currency} />
      <VirtualMeterBuilder
        zone={zone}
        meterIds={allIds}
        groupIds={groups.status === 'ok' ? groups.value.map((g) => g.id) : []}
        participants={participants.status === 'ok' ? participants.value.map((p) => p.id) : []}
        virtual={virtual.status === 'ok' ? virtual.value : []}
        onSaved={() => setGeneration((g) => g + 1)}
      />
    </section>
  );
}
