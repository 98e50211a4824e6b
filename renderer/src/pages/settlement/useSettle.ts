/**
 * Settling a month from the settlement screen (renderer/src/pages/settlement/): gaps allowed or
 * not, the stages as they pass, and the outcome or the refusal.
 */
import { useState } from 'react';

import type { OperationError, SettleOutcomeDto, SettleProgress } from '../../../../shared/contract';
import { useClient } from '../../client-context';

export function useSettle({
  month,
  setMonth,
  refresh,
  onSettled,
}: {
  /** The month the screen shows, settled unless another is named. */
  month: string;
  setMonth: (month: string) => void;
  /** Reads the month's runs and the settled months again. */
  refresh: () => void;
  /** A settlement ended (published, held or refused). */
  onSettled?: () => void;
}) {
  const client = useClient();
  const [allowGaps, setAllowGaps] = useState(false);
  const [progress, setProgress] = useState<SettleProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SettleOutcomeDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);

  const settle = async (target = month) => {
    setMonth(target);
    setBusy(true);
    setOutcome(null);
    setError(null);
    setProgress(null);
    const result = await client.settleWithProgress(target, allowGaps, setProgress);
    setBusy(false);
    if (result.ok) setOutcome(result.value);
    else setError(result.error);
    refresh();
    onSettled?.();
  };

  return { allowGaps, setAllowGaps, progress, busy, outcome, error, settle };
}

export type SettleState = ReturnType<typeof useSettle>;
