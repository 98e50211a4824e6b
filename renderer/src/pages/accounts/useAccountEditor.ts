/**
 * The account editor's state (renderer/src/pages/accounts/): the account on the form (new, or the
 * one being edited), saving it or the reference data, and the screen's message or refusal, whose
 * field errors the editor shows beside the fields they name.
 */
import { useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import { useClient } from '../../client-context';

import { bodyOf, emptyForm, formOf, STATUS_LABELS, type Form } from './account-form';

/** `refresh` reads the accounts and the reference data again. */
export function useAccountEditor(refresh: () => void) {
  const client = useClient();
  const [form, setForm] = useState<Form>(emptyForm);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [referenceText, setReferenceText] = useState<string | null>(null);

  const edit = async (id: string) => {
    setError(null);
    setMessage(null);
    const got = await client['accounts:get']({ id });
    if (!got.ok) return setError(got.error);
    setForm(formOf(got.value));
    setEditing(id);
  };

  const save = async () => {
    setError(null);
    setMessage(null);
    const result = editing
      ? await client['accounts:update']({ id: editing, account: bodyOf(form, editing) })
      : await client['accounts:create']({ account: bodyOf(form, editing) });
    if (!result.ok) return setError(result.error);
    setMessage(
      `Saved account ${result.value.account_code} (${STATUS_LABELS[result.value.intervalization_status]})`,
    );
    setEditing(result.value.account_code);
    setForm(formOf(result.value));
    refresh();
  };

  /** Back to a new account's empty form. */
  const startNew = () => {
    setEditing(null);
    setForm(emptyForm());
    setError(null);
  };

  const saveReference = async () => {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(referenceText ?? '');
    } catch (parseError) {
      return setError({
        code: 'invalid_input',
        message: `the reference data is not JSON: ${(parseError as Error).message}`,
      });
    }
    const saved = await client['reference:save']({ reference: parsed as Record<string, unknown> });
    if (!saved.ok) return setError(saved.error);
    setMessage('Saved the reference data');
    setReferenceText(null);
    refresh();
  };

  const setField = (key: string, value: string) =>
    setForm((f) => ({ ...f, fields: { ...f.fields, [key]: value } }));

  return {
    form,
    setForm,
    setField,
    editing,
    error,
    setError,
    message,
    setMessage,
    referenceText,
    setReferenceText,
    edit,
    save,
    startNew,
    saveReference,
  };
}

export type AccountEditorState = ReturnType<typeof useAccountEditor>;
