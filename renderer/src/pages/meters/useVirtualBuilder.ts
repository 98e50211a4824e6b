/**
 * The virtual meter builder's state (renderer/src/pages/meters/): the meter being edited, saving it
 * whole (or the refusal by field), and the preview of its computed use against its sources.
 */
import { useMemo, useState } from 'react';

import type { OperationError, VirtualPreviewDto } from '../../../../shared/contract';
import type { VirtualMeter } from '../../../../shared/virtual-meter';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { useClient } from '../../client-context';

import { previewOption } from './meter-charts';
import {
  emptyMeterForm,
  formOf,
  newVersion,
  versionOf,
  type MeterForm,
  type VersionForm,
} from './virtual-form';

export function useVirtualBuilder(zone: string, participants: string[], onSaved: () => void) {
  const client = useClient();
  const [form, setForm] = useState<MeterForm>(emptyMeterForm());
  const [error, setError] = useState<OperationError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [range, setRange] = useState({ from: '', to: '' });
  const [preview, setPreview] = useState<VirtualPreviewDto | null>(null);

  const setVersion = (i: number, change: Partial<VersionForm>) =>
    setForm((f) => ({ ...f, versions: f.versions.map((v, k) => (k === i ? { ...v, ...change } : v)) }));
  const removeVersion = (i: number) =>
    setForm((f) => ({ ...f, versions: f.versions.filter((_, k) => k !== i) }));
  const addVersion = () =>
    setForm((f) => ({
      ...f,
      versions: [...f.versions, newVersion(Math.max(...f.versions.map((v) => v.versionId)) + 1)],
    }));
  /** Opens a saved virtual meter in the form. */
  const open = (m: VirtualMeter) => {
    setForm(formOf(m));
    setPreview(null);
  };
  /** Starts a new virtual meter. */
  const reset = () => {
    setForm(emptyMeterForm());
    setPreview(null);
  };
  const save = async () => {
    setError(null);
    setMessage(null);
    const result = await client['virtual-meters:save']({
      meterId: form.id,
      meter: {
        participantId: form.participantId || participants[0] || '',
        ...(form.name ? { name: form.name } : {}),
        direction: form.direction,
        settles: form.settles,
        versions: form.versions.map(versionOf),
      },
    });
    if (!result.ok) return setError(result.error);
    setMessage(`Saved virtual meter ${result.value.id} (${result.value.versions.length} version(s))`);
    onSaved();
  };
  const showPreview = async () => {
    setError(null);
    const result = await client['virtual-meters:preview']({
      meterId: form.id,
      from: range.from,
      to: range.to,
    });
    if (!result.ok) return setError(result.error);
    setPreview(result.value);
  };
  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!preview) return null;
    return previewOption(preview, zone);
  }, [preview, zone]);

  return {
    form,
    setForm,
    error,
    message,
    range,
    setRange,
    preview,
    chart,
    setVersion,
    removeVersion,
    addVersion,
    open,
    reset,
    save,
    showPreview,
  };
}
