// The sensitivity sweep's values and programs: one program parameter replaced by each of N evenly
// spaced whole values (points, minor units or days), every other rule kept from program A.

export const SWEEP_PARAMS = {
    earn_points: { path: ['earn', 'points'], min: 1, unit: 'points' },
    point_value: { path: ['redemption', 'point_value'], min: 1, unit: 'money' },
    expiry_days: { path: ['expiry', 'days'], min: 0, unit: 'days' },
};
export const MAX_STEPS = 15;

/** `steps` whole numbers from `from` to `to` (both included) evenly spaced, rounded half up,
 *  without repeats (a narrow range gives fewer). Errors name the field. */
export function sweepValues(param, from, to, steps) {
    const spec = SWEEP_PARAMS[param];
    const errors = [];
    if (!spec) return { ok: false, errors: [{ field: 'param', code: 'unknown_param' }] };
    const whole = (v) => Number.isSafeInteger(v) && v >= spec.min && v <= 1e12;
    if (!whole(from)) errors.push({ field: 'from', code: spec.min ? 'whole_from_1' : 'whole_from_0' });
    if (!whole(to)) errors.push({ field: 'to', code: spec.min ? 'whole_from_1' : 'whole_from_0' });
    if (!Number.isInteger(steps) || steps < 2 || steps > MAX_STEPS) errors.push({ field: 'steps', code: 'steps_range' });
    if (!errors.length && to <= from) errors.push({ field: 'to', code: 'to_after_from' });
    if (errors.length) return { ok: false, errors };
    const values = [];
    for (let i = 0; i < steps; i++) {
        // from + (to - from) * i / (steps - 1), half up, in integers.
        const num = (to - from) * i;
        const den = steps - 1;
        const v = from + Math.floor((2 * num + den) / (2 * den));
        if (values[values.length - 1] !== v) values.push(v);
    }
    return { ok: true, values };
}

/** A copy of `program` with the parameter set to `value`. */
export function withParam(program, param, value) {
    const copy = JSON.parse(JSON.stringify(program));
    const [section, key] = SWEEP_PARAMS[param].path;
    copy[section] = { ...(copy[section] || {}), [key]: value };
    if (section === 'expiry' && copy.expiry.warning_days === undefined) copy.expiry.warning_days = 30;
    return copy;
}

/** The parameter's value in `program` (expiry absent: 0, never). */
export function paramOf(program, param) {
    const [section, key] = SWEEP_PARAMS[param].path;
    return program?.[section]?.[key] ?? (param === 'expiry_days' ? 0 : null);
}

/** A default range around program A's value: half to double it (expiry: 90 days to two years when
 *  points never expire). */
export function defaultRange(program, param) {
    const v = paramOf(program, param);
    if (param === 'expiry_days' && !v) return { from: 90, to: 730 };
    if (!Number.isSafeInteger(v) || v < 1) return { from: 1, to: 10 };
    return { from: Math.max(SWEEP_PARAMS[param].min || 1, Math.round(v / 2)), to: v * 2 };
}
