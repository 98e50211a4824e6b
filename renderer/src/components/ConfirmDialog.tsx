/**
 * Asking before an operation that cannot simply be taken back (undoing a payment, closing a
 * month): a modal dialog, open while it is drawn, and the operation it confirms.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

import type { OperationError, Result } from '../../../shared/contract';

/**
 * A modal <dialog> titled `title`, shown as soon as it is drawn and closed when it is drawn
 * away. Escape is the same as Cancel: `onCancel`, and the parent draws the dialog away.
 */
export function ConfirmDialog({
  titleId,
  testId,
  title,
  onCancel,
  children,
}: {
  /** The title's element id, which labels the dialog. */
  titleId: string;
  testId: string;
  title: ReactNode;
  onCancel: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="card confirm-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: the same as Cancel, and React draws the dialog away.
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * The operation a dialog confirms: `confirm` runs it (`busy` meanwhile) and gives its value
 * to `onDone`, or keeps its refusal as `error`.
 */
export function useConfirmedOperation<T>(
  run: () => Promise<Result<T>>,
  onDone: (value: T) => void,
): { busy: boolean; error: OperationError | null; confirm: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<OperationError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const result = await run();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onDone(result.value);
  };
  return { busy, error, confirm };
}
