// The editable lists of Settings whose rows carry a permanent key (template phases, validation
// gates): reordering, removing, and a new row's key following its name until typed by hand.

export interface KeyedRow {
  key: string;
  isNew: boolean;
  keyEdited: boolean;
}

/** A name as a key: "Production rollout" → "production-rollout", cut to `maxLength`, `leading` stripped. */
export function slugKey(name: string, maxLength: number, leading: RegExp): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(leading, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** A key no other row uses: "base", "base-2", …, within `maxLength` characters. */
export function freeKey(base: string, rows: readonly { key: string }[], maxLength: number): string {
  const used = new Set(rows.map((r) => r.key));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const key = `${base.slice(0, maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!used.has(key)) return key;
  }
}

export function removeRow<R>(rows: readonly R[], index: number): R[] {
  return rows.filter((_, i) => i !== index);
}

export function moveRow<R>(rows: readonly R[], index: number, delta: -1 | 1): R[] {
  const target = index + delta;
  const row = rows[index];
  if (!row || target < 0 || target >= rows.length) return [...rows];
  const next = rows.filter((_, i) => i !== index);
  next.splice(target, 0, row);
  return next;
}

/**
 * Applies `patch` to row `index`. Typing a key marks it edited; until then a new row's key
 * follows its name (`keyFor(name, otherRows)`).
 */
export function updateKeyedRow<R extends KeyedRow & { name: string }>(
  rows: readonly R[],
  index: number,
  patch: Partial<R>,
  keyFor: (name: string, others: readonly R[]) => string,
): R[] {
  return rows.map((row, i) => {
    if (i !== index) return row;
    const next = { ...row, ...patch };
    if (patch.key !== undefined) next.keyEdited = true;
    if (patch.name !== undefined && next.isNew && !next.keyEdited) {
      next.key = keyFor(
        patch.name,
        rows.filter((_, j) => j !== index),
      );
    }
    return next;
  });
}
