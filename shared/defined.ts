/** Every field of `T`, given and not `undefined`. */
export type AllDefined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/**
 * The fields of a partial change that it really sets: a key present with the value
 * `undefined` is dropped, so spreading the result never blanks a stored field.
 */
export function definedFields<T extends object>(change: T): Partial<AllDefined<T>> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<
    AllDefined<T>
  >;
}
