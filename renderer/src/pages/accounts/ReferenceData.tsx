/**
 * The workspace's reference data on the accounts screen: its load profiles (one more read from a
 * CSV file) and its utilities with their load zones, rate classes, voltages and load profiles,
 * edited as JSON. Folded until opened, by hand or from an editor's list with nothing to offer.
 */
import type { RefObject } from 'react';

import type { OperationOutput } from '../../../../shared/contract';
import type { AsyncState } from '../../hooks';

import { ProfileUpload } from './ProfileUpload';
import type { AccountEditorState } from './useAccountEditor';

export function ReferenceData({
  sectionRef,
  reference,
  editor,
  refresh,
}: {
  sectionRef: RefObject<HTMLDetailsElement | null>;
  reference: AsyncState<OperationOutput<'reference:get'>>;
  editor: AccountEditorState;
  /** Reads the accounts and the reference data again. */
  refresh: () => void;
}) {
  const { setMessage, setError, referenceText, setReferenceText, saveReference } = editor;
  return (
    <details className="reference-data" id="reference-data" ref={sectionRef}>
      <summary>Reference data: utilities, load zones, rate classes, voltages, load profiles</summary>
      {reference.status === 'ok' ? (
        <>
          <p className="muted">
            Load profiles in this workspace:{' '}
            {reference.value.load_profiles.map((p) => `${p.code} (${p.shape})`).join(', ')}
          </p>
          <ProfileUpload
            onSaved={(text) => {
              setMessage(text);
              refresh();
            }}
            onError={setError}
          />
          <textarea
            aria-label="Reference data JSON"
            rows={12}
            value={referenceText ?? JSON.stringify({ utilities: reference.value.utilities }, null, 2)}
            onChange={(e) => setReferenceText(e.target.value)}
          />
          <button type="button" onClick={() => void saveReference()}>
            Save reference data
          </button>
        </>
      ) : null}
    </details>
  );
}
