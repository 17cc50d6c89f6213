// The loader's settings, read from its own <script> tag's data-* attributes (docs/integration.md
// lists each with its default). Pure: `get(name)` returns data-<name>'s value or null.

/** A number attribute within [min, max], else `fallback`. */
function ms(text, fallback, min, max) {
    const n = Number(text);
    return text && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** Settings with every default filled in. */
export function readConfig(get, nonce) {
    const text = (name) => String(get(name) ?? '').trim();
    return {
        program: text('program'),
        customer: text('customer'),
        surveyEndpoint: text('survey-endpoint'),
        claim: text('claim-endpoint'),
        referral: text('referral-endpoint'),
        referralUrl: text('referral-url'),
        surveys: text('surveys').split(/\s*,\s*/).filter(Boolean),
        surveyDelay: ms(text('survey-delay'), 3000, 0, 600000),
        cart: text('cart'),
        lang: text('lang'),
        loginUrl: text('login-url'),
        launcher: !/^(false|0|no|off)$/i.test(text('launcher')),
        position: text('position'),
        theme: text('theme'),
        timeout: ms(text('timeout'), 8000, 500, 60000),
        nonce: text('nonce') || nonce || '',
        assets: text('assets'),
    };
}
