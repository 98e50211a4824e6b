/**
 * A field's errors beside it on the account editor. Main names an error by the key the body sent
 * and the item's field (`summary_usages_attributes[1].starts_on`; `summary_usages[…]` for a PATCH
 * in the seed's words), so a list's errors gather under both names; the first names the test id.
 */
import type { OperationError } from '../../../../shared/contract';

export function FieldError({ error, keys }: { error: OperationError | null; keys: string[] }) {
  const messages = keys.flatMap((key) =>
    Object.entries(error?.fields ?? {})
      .filter(([field]) => field === key || field.startsWith(`${key}[`) || field.startsWith(`${key}.`))
      .map(([field, list]) => `${field === key ? '' : `${field}: `}${list.join('; ')}`),
  );
  return messages.length ? (
    <span className="field-error" role="alert" data-testid={`error-${keys[0]}`}>
      {messages.join('; ')}
    </span>
  ) : null;
}
