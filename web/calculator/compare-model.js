// Two program replays over the same history, side by side: the differences B - A, exact (the
// core's integers), and which program is cheaper by its cost of redemptions.

/** The figures compared, in the order shown; `money` ones are minor units, `rate` ones 4-decimal
 *  shares. */
export const COMPARED = [
    { key: 'reward_cost', kind: 'money' },
    { key: 'liability', kind: 'money' },
    { key: 'points_expired', kind: 'points' },
    { key: 'points_issued', kind: 'points' },
    { key: 'points_redeemed', kind: 'points' },
    { key: 'points_outstanding', kind: 'points' },
    { key: 'reward_cost_share', kind: 'rate' },
];

/** B - A of two 4-decimal rates, computed on ten-thousandths so 0.0565 - 0.0282 is 0.0283. */
const rateDiff = (a, b) => (Math.round(b * 10000) - Math.round(a * 10000)) / 10000;

/**
 * @param {object} a  program A's replay (the metrics response's "program")
 * @param {object} b  program B's replay over the same history and period
 * @returns {{rows: {key, kind, a, b, diff, relative}[], cheaper: 'a'|'b'|null, saving: number,
 *            saving_share: number|null}}  relative = diff / a (null when a is 0 or a rate is null)
 */
export function comparePrograms(a, b) {
    const rows = COMPARED.map(({ key, kind }) => {
        const va = a[key];
        const vb = b[key];
        if (va === null || vb === null || va === undefined || vb === undefined) return { key, kind, a: va ?? null, b: vb ?? null, diff: null, relative: null };
        const diff = kind === 'rate' ? rateDiff(va, vb) : vb - va;
        return { key, kind, a: va, b: vb, diff, relative: va === 0 ? null : diff / va };
    });
    const costA = a.reward_cost;
    const costB = b.reward_cost;
    const cheaper = costA === costB ? null : costB < costA ? 'b' : 'a';
    const saving = Math.abs(costB - costA);
    const dearer = Math.max(costA, costB);
    return { rows, cheaper, saving, saving_share: dearer === 0 ? null : saving / dearer };
}
