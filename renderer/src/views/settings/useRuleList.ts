import { type RefObject, useState } from 'react';
import type { FieldErrors } from './form-errors';
import { useFocusAfterClose } from './useFocusAfterClose';
import { useSettingsForm } from './useSettingsForm';

type RowId = string | number;

/**
 * A calendar rule card: a form that adds a row and a list whose rows are removed
 * after a confirmation. An added row is highlighted and the form starts empty at
 * its first field; after a removal focus goes to the next row's button (the
 * previous one at the end), or to the form when the list is empty.
 */
export function useRuleList<T, V extends Record<F, string>, F extends string>(options: {
  empty: V;
  fields: readonly F[];
  validate: (values: V) => FieldErrors<F>;
  fieldId: (field: F) => string;
  /** The `data-testid` of a row, on the element that holds its Remove button. */
  rowTestId: (id: RowId) => string;
  formRef: RefObject<HTMLFormElement | null>;
  listRef: RefObject<HTMLElement | null>;
}) {
  const { empty, fields, validate, fieldId, rowTestId, formRef, listRef } = options;
  const form = useSettingsForm<V, F>({ initial: empty, fields, validate, fieldId, root: formRef });
  const [added, setAdded] = useState<RowId | null>(null);
  const [removing, setRemoving] = useState<T | null>(null);
  const focusAfterClose = useFocusAfterClose(removing !== null);
  const firstField = fields[0] as F;

  /** Runs `save`, which answers the id of the new row. */
  async function add(save: (values: V) => Promise<RowId>) {
    const ok = await form.submit(async (v) => setAdded(await save(v)));
    if (ok) {
      form.reset(empty);
      form.focus(firstField);
    }
  }

  /** Runs `run` for the row `id`, listed in `shown` (ids in the order they are shown). */
  async function remove(id: RowId, shown: readonly RowId[], run: () => Promise<void>) {
    const at = shown.indexOf(id);
    const neighbour = shown[at + 1] ?? shown[at - 1];
    await run();
    focusAfterClose(() =>
      neighbour !== undefined
        ? listRef.current?.querySelector<HTMLElement>(`[data-testid="${rowTestId(neighbour)}"] button`)
        : form.controlOf(firstField),
    );
  }

  return { form, added, removing, askRemove: setRemoving, closeRemove: () => setRemoving(null), add, remove };
}
