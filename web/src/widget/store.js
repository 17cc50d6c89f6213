// Holds a state machine's state (controller.js) and performs its effects. Events dispatched while
// effects are being performed wait their turn, so effects run in the order their events came.

/** {state, dispatch(event)}: dispatch runs `next(state, event)`, keeps the state and calls
 *  `perform(effect)` for each effect. */
export function createStore(next, state, perform) {
    const queue = [];
    let busy = false;
    return {
        get state() {
            return state;
        },
        dispatch(event) {
            queue.push(event);
            if (busy) return;
            busy = true;
            try {
                while (queue.length) {
                    const r = next(state, queue.shift());
                    state = r.state;
                    r.effects.forEach(perform);
                }
            } finally {
                busy = false;
            }
        },
    };
}
