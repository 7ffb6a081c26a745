import { type RefObject, useState } from 'react';
import { toast } from '../../stores/toasts';
import type { FieldErrors } from './form-errors';
import { useFocusAfterClose } from './useFocusAfterClose';
import { useSettingsForm } from './useSettingsForm';

type RowId = string | number;

/**
 * A calendar rule card (holidays, freezes): a form that adds a rule and a list whose
 * rules are removed after a confirmation, each change said in a toast. An added rule
 * is highlighted and the form starts empty at its first field; after a removal focus
 * goes to the next rule's button (the previous one at the end), or to the form when
 * the list is empty. Fields are `field-<noun>-<field>`, rows `<noun>-<id>`.
 */
export function useRuleList<T extends { name: string }, V extends Record<F, string>, F extends string>(options: {
  /** "holiday": in ids, toasts and the dialog. */
  noun: string;
  /** "Christmas Day (Fri 25 Dec 2026)". */
  describe: (rule: T) => string;
  idOf: (rule: T) => RowId;
  /** The rules in the order they are shown. */
  shown: readonly T[];
  /** What no longer applies once a rule is removed, for the confirmation. */
  consequence: string;
  add: (values: V) => Promise<T>;
  remove: (rule: T) => Promise<T>;
  empty: V;
  fields: readonly F[];
  validate: (values: V) => FieldErrors<F>;
  formRef: RefObject<HTMLFormElement | null>;
  listRef: RefObject<HTMLElement | null>;
}) {
  const { noun, describe, idOf, shown, empty, fields, validate, formRef, listRef } = options;
  const form = useSettingsForm<V, F>({
    initial: empty,
    fields,
    validate,
    fieldId: (field) => `${noun}-${field}`,
    root: formRef,
  });
  const [added, setAdded] = useState<RowId | null>(null);
  const [removing, setRemoving] = useState<T | null>(null);
  const focusAfterClose = useFocusAfterClose(removing !== null);
  const firstField = fields[0] as F;

  async function submit() {
    const ok = await form.submit(async (v) => {
      const rule = await options.add(v);
      toast(`Added ${noun} ${describe(rule)}`);
      setAdded(idOf(rule));
    });
    if (ok) {
      form.reset(empty);
      form.focus(firstField);
    }
  }

  /** What the confirmation dialog needs, while a rule is being removed. */
  const confirmRemove = removing && {
    title: `Remove ${noun}?`,
    consequence: options.consequence,
    subject: describe(removing),
    confirmLabel: `Remove ${noun}`,
    onClose: () => setRemoving(null),
    onConfirm: async () => {
      const ids = shown.map(idOf);
      const at = ids.indexOf(idOf(removing));
      const neighbour = ids[at + 1] ?? ids[at - 1];
      const removed = await options.remove(removing);
      toast(`Removed ${noun} ${describe(removed)}`);
      focusAfterClose(() =>
        neighbour !== undefined
          ? listRef.current?.querySelector<HTMLElement>(`[data-testid="${noun}-${neighbour}"] button`)
          : form.controlOf(firstField),
      );
    },
  };

  /** What a rule's row needs: its test id, whether it was just added, its Remove button. */
  function rowProps(rule: T) {
    const id = idOf(rule);
    return {
      testId: `${noun}-${id}`,
      highlighted: id === added,
      removeTitle: `Remove ${noun} ${rule.name}`,
      onRemove: () => setRemoving(rule),
    };
  }

  return { form, rowProps, confirmRemove, submit: () => void submit() };
}
