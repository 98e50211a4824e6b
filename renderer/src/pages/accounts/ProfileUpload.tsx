/**
 * A load profile read from a CSV file on the accounts screen's reference data: a year of 8,760
 * weights, or typical days; refused unless it sums to 1 or is normalized.
 */
import { useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { formatNumber, formatUpTo } from '../../format';

/** A load profile from a CSV file: a year of 8,760 weights, or typical days; refused unless it sums to 1 or is normalized. */
export function ProfileUpload({
  onSaved,
  onError,
}: {
  onSaved: (message: string) => void;
  onError: (error: OperationError) => void;
}) {
  const client = useClient();
  const [code, setCode] = useState('');
  const [typical, setTypical] = useState(false);
  const [normalize, setNormalize] = useState(false);
  const upload = async (file: File | null) => {
    if (!file) return;
    const saved = await client['load-profiles:save']({
      code: code || file.name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '-'),
      name: file.name,
      shape: typical ? 'typical-days' : 'year',
      csv: await file.text(),
      normalize,
      source: `imported from ${file.name}`,
    });
    if (!saved.ok) return onError(saved.error);
    onSaved(
      `Saved load profile ${saved.value.code} (${formatNumber(saved.value.weights, 0)} weights${saved.value.normalized ? `, normalized from a sum of ${formatUpTo(saved.value.sum, 9)}` : ''})`,
    );
  };
  return (
    <div className="row profile-upload">
      <label className="field">
        <span className="field-label">Profile code</span>
        <input aria-label="Profile code" value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={typical} onChange={(e) => setTypical(e.target.checked)} /> typical
        days
      </label>
      <label>
        <input type="checkbox" checked={normalize} onChange={(e) => setNormalize(e.target.checked)} />{' '}
        normalize to 1
      </label>
      <label className="field">
        <span className="field-label">Load profile CSV</span>
        <input
          type="file"
          accept=".csv,.txt,.dat"
          aria-label="Load profile CSV"
          onChange={(e) => void upload(e.target.files?.[0] ?? null)}
        />
      </label>
    </div>
  );
}
