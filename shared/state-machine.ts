// The state machines of gates and rollout steps are tables: for each state and
// action, the next state, or the refusal that says why the action does not apply.

export type StateTable<State extends string, Action extends string> = Record<State, Record<Action, State | string>>;

export type StateTransition<State extends string> = { ok: true; next: State } | { ok: false; refusal: string };

/** The machine of a table: what `action` does in `state`, a next state when the table names one of `states`, else its refusal. */
export function stateMachine<State extends string, Action extends string>(
  table: StateTable<State, Action>,
  states: readonly State[],
): (state: State, action: Action) => StateTransition<State> {
  return (state, action) => {
    const to = table[state][action];
    return (states as readonly string[]).includes(to) ? { ok: true, next: to as State } : { ok: false, refusal: to };
  };
}
