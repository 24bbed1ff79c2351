/** Undo/redo over immutable snapshots (the page's covers). */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

export type HistoryAction<T> =
  { type: 'set'; value: T } | { type: 'undo' } | { type: 'redo' } | { type: 'reset'; value: T };

/** How many steps back the user can go. */
const LIMIT = 200;

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'set':
      if (action.value === state.present) return state;
      return { past: [...state.past, state.present].slice(-LIMIT), present: action.value, future: [] };
    case 'undo': {
      const previous = state.past.at(-1);
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future: rest };
    }
    case 'reset':
      return { past: [], present: action.value, future: [] };
  }
}

export const initialHistory = <T>(value: T): History<T> => ({ past: [], present: value, future: [] });
