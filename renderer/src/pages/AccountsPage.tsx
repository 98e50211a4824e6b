/**
 * Accounts (seed 002): the list with each account's intervalization status, an
 * editor for seed 002's fields (utility, load zone, rate class, voltage and load
 * profile chosen from the workspace's reference data; summary usages and
 * capacity / transmission tags as rows) that shows main's field errors beside
 * the field they name, and the reference data itself as JSON. A reference list
 * the editor would offer empty says so, with the way to the reference data.
 * This file loads the screen's data; its parts are in renderer/src/pages/accounts/.
 */
import { useEffect, useRef, useState } from 'react';

import { useClient } from '../client-context';
import { ZoneNote } from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { useResult } from '../hooks';

import { AccountEditor } from './accounts/AccountEditor';
import { AccountsTable } from './accounts/AccountsTable';
import { ReferenceData } from './accounts/ReferenceData';
import { ShadowPrices } from './accounts/ShadowPrices';
import { useAccountEditor } from './accounts/useAccountEditor';

export function AccountsPage() {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const refresh = () => setGeneration((g) => g + 1);
  const accounts = useResult(`accounts:${generation}`, () => client['accounts:list']({}));
  const reference = useResult(`reference:${generation}`, () => client['reference:get']({}));
  // Times are shown in the workspace's zone (UTC until it is known), prices in its currency.
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const referenceSection = useRef<HTMLDetailsElement>(null);
  /** Opens the reference data (where utilities and their lists are entered, and load profiles imported). */
  const showReference = () => {
    const section = referenceSection.current;
    if (!section) return;
    section.open = true;
    section.scrollIntoView({ block: 'start' });
    section.querySelector('summary')?.focus();
  };
  const editor = useAccountEditor(refresh);

  // While an account is being intervalized, look again every second.
  const pending =
    accounts.status === 'ok' &&
    accounts.value.some(
      (a) =>
        a.intervalizationStatus === 'awaiting_intervalization' || a.intervalizationStatus === 'intervalizing',
    );
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), 1000);
    return () => clearTimeout(timer);
  }, [pending, generation]);

  return (
    <section className="page" data-testid="accounts-page">
      <h1>Accounts</h1>
      <ZoneNote zone={zone} />
      <p className="muted">
        Utility accounts (seed 002): their summary usages become hourly estimates shaped by the load profile
        (intervalization), metered hours always winning; their load zone’s shadow prices value open-market
        sales.
      </p>
      {accounts.status === 'loading' ? <Loading>Reading accounts…</Loading> : null}
      {accounts.status === 'error' ? <ErrorLine error={accounts.error} /> : null}
      {accounts.status === 'ok' ? (
        <AccountsTable accounts={accounts.value} onEdit={(id) => void editor.edit(id)} />
      ) : null}
      <AccountEditor editor={editor} reference={reference} showReference={showReference} />
      {editor.editing ? <ShadowPrices accountId={editor.editing} zone={zone} currency={currency} /> : null}
      <ReferenceData sectionRef={referenceSection} reference={reference} editor={editor} refresh={refresh} />
    </section>
  );
}
