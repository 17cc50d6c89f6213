// The site owner's calculator page: a program form validated live by the core, an orders CSV
// read and measured in a Web Worker (never uploaded), the metrics and the program's economics
// with hand-drawn SVG charts, and an export of the designed program.json. No framework, no inline
// code: the page runs under script-src 'self' 'wasm-unsafe-eval'.
import { createCalculatorWorker } from './calculator-client.js';
import { attachExtras } from './extras.js';
import { el } from './extras-text.js';
import { createMapping, prepareSource } from './mapping.js';

const TEXT = {
    ru: {
        title: 'Калькулятор программы лояльности',
        lead: 'Настройте программу, загрузите историю заказов и посмотрите, что она принесла бы и сколько стоила бы. Файл обрабатывается в вашем браузере и никуда не отправляется.',
        program: 'Программа', general: 'Общее', name: 'Название', currency: 'Валюта', earning: 'Начисление',
        points: 'Баллов', per_amount: 'за каждые (сумма)', rounding: 'Округление', r_floor: 'вниз',
        r_half_up: 'до ближайшего (0,5 вверх)', r_half_even: 'банковское', r_ceil: 'вверх',
        min_order: 'Минимальный заказ', redemption: 'Списание и сгорание', point_value: 'Стоимость балла',
        min_points: 'Минимум к списанию, баллов', max_share: 'Баллами можно оплатить до, %',
        expiry_days: 'Баллы сгорают через, дней', expiry_end: 'Сгорают в конце', expiry_inactive: 'Или без покупок через, дней',
        e_day: 'того же дня (0 дней — никогда)', e_month: 'месяца', e_quarter: 'квартала', e_year: 'года', tiers: 'Уровни',
        tiers_hint: 'Порог — сумма покупок за период; у первого уровня он равен 0. Уровень, достигнутый за календарный год, держится до конца следующего.', tiers_period: 'Период', tiers_grace: 'Уровень держится после падения, дней',
        t_rolling: 'последние 365 дней', t_calendar_year: 'календарный год',
        add_tier: '+ уровень', rewards: 'Награды', add_reward: '+ награда', export: 'Скачать program.json',
        data: 'История заказов',
        data_hint: 'Выгрузка заказов из InSales, Tilda, 1С, Shopify или WooCommerce как есть, или CSV с колонками клиента, номера заказа, даты и суммы (русские или английские заголовки, разделитель «,», «;» или табуляция; отрицательная сумма — возврат). Файл Excel (.xlsx) тоже подойдёт.',
        drop: 'Перетащите файл сюда или нажмите, чтобы выбрать его', choose_file: 'Выбрать файл с заказами',
        sample: 'Взять пример данных', from: 'Период с', to: 'по', results: 'Результаты',
        customers_h: 'Покупатели', program_h: 'Программа за период', chart_revenue: 'Выручка по месяцам',
        chart_retention: 'Удержание и отток по месяцам',
        chart_points: 'Баллы по месяцам: начислено, списано, сгорело', line: 'Строка', column: 'Колонка',
        problem: 'Что не так',
        privacy: 'Расчёт выполняется ядром программы (WebAssembly) в фоновом потоке браузера. Данные не покидают ваш компьютер.',
        tier_name: 'Название уровня', tier_threshold: 'Порог (сумма)', tier_multiplier: 'Множитель баллов',
        reward_name: 'Название награды', reward_kind: 'Тип', reward_cost: 'Цена, баллов',
        reward_value: 'Скидка или цена товара', reward_percent: 'Скидка, %', remove: 'Удалить',
        remove_tier: 'Удалить уровень', remove_reward: 'Удалить награду',
        k_fixed_discount: 'скидка суммой', k_percent_discount: 'скидка в %', k_free_shipping: 'бесплатная доставка',
        k_free_product: 'товар в подарок',
        valid: 'Программа корректна ✓', invalid: 'Ошибок в программе: ', checking: 'Проверяем…',
        reading: 'Читаем файл: ', rows: 'строк', computing: 'Считаем…',
        cancel: 'Отменить', cancelled: 'Расчёт отменён. Выберите файл, чтобы посчитать снова.',
        left: (d) => `, осталось около ${d}`, sec: 'с', min: 'мин',
        m_orders: 'Заказы', m_customers: 'Покупатели', m_new: 'Новые покупатели', m_revenue: 'Выручка',
        m_aov: 'Средний чек', m_frequency: 'Частота покупок', m_repeat: 'Доля повторных покупателей',
        m_retention: 'Удержание (CRR)', m_churn: 'Отток', m_ltv: 'Пожизненная ценность (LTV)',
        m_refunded: 'Возвраты', p_issued: 'Начислено баллов', p_redeemed: 'Списано баллов',
        p_expired: 'Сгорело баллов', p_outstanding: 'Баллов на счетах', p_liability: 'Обязательства',
        p_cost: 'Стоимость списаний', p_share: 'Стоимость программы, доля выручки',
        no_program: 'Исправьте ошибки программы, чтобы увидеть её экономику.',
        no_points: 'За этот период программа не начислила бы баллов (проверьте минимальный заказ и правила начисления).',
        caption: (r) => `Период ${r.period.from} — ${r.period.to}; прочитано строк: ${fmtInt(r.import.rows)}; окно активности ${r.active_window_days} дн.`,
        bad_rows: (n, shown) => `Строки, которые не удалось прочитать: ${n}` + (shown < n ? ` (показаны первые ${shown})` : ''),
        no_bad_rows: 'Все строки прочитаны',
        revenue: 'Выручка', retention: 'Удержание', churn: 'Отток', issued: 'Начислено', redeemed: 'Списано',
        expired: 'Сгорело', sample_failed: 'Не удалось загрузить пример: ', failed: 'Не удалось посчитать: ',
        core_failed: 'Не удалось запустить ядро: ',
        auto_period: 'По умолчанию — последние 12 месяцев истории: удержанию нужны покупатели, активные до начала периода. Период можно изменить выше.',
    },
    en: {
        title: 'Loyalty program calculator',
        lead: 'Design a program, load your order history and see what it would have returned and cost. The file is processed in your browser and never uploaded.',
        program: 'Program', general: 'General', name: 'Name', currency: 'Currency', earning: 'Earning',
        points: 'Points', per_amount: 'per (amount)', rounding: 'Rounding', r_floor: 'down',
        r_half_up: 'nearest (half up)', r_half_even: "banker's", r_ceil: 'up', min_order: 'Minimum order',
        redemption: 'Redemption and expiry', point_value: 'Value of one point',
        min_points: 'Minimum points to redeem', max_share: 'Points may pay up to, %',
        expiry_days: 'Points expire after, days', expiry_end: 'Expire at the end of the', expiry_inactive: 'Or with no purchase for, days',
        e_day: 'same day (0 days = never)', e_month: 'month', e_quarter: 'quarter', e_year: 'year', tiers: 'Tiers',
        tiers_hint: 'Threshold: spend over the period; the first tier starts at 0. A tier reached in a calendar year is kept until the end of the next.', tiers_period: 'Period', tiers_grace: 'Keep a lost tier for, days',
        t_rolling: 'the last 365 days', t_calendar_year: 'the calendar year',
        add_tier: '+ tier', rewards: 'Rewards', add_reward: '+ reward', export: 'Download program.json',
        data: 'Order history',
        data_hint: 'An orders export from InSales, Tilda, 1C, Shopify or WooCommerce as it comes, or a CSV with customer, order number, date and amount columns (English or Russian headers; comma, semicolon or tab; a negative amount is a refund). An Excel (.xlsx) file works too.',
        drop: 'Drop a file here or click to choose one', choose_file: 'Choose an orders file',
        sample: 'Use sample data', from: 'Period from', to: 'to', results: 'Results',
        customers_h: 'Customers', program_h: 'The program over the period', chart_revenue: 'Revenue by month',
        chart_retention: 'Retention and churn by month',
        chart_points: 'Points by month: issued, redeemed, expired', line: 'Line', column: 'Column',
        problem: 'Problem',
        privacy: "The program's core (WebAssembly) does the arithmetic in a background thread of your browser. Your data never leaves your computer.",
        tier_name: 'Tier name', tier_threshold: 'Threshold (spend)', tier_multiplier: 'Points multiplier',
        reward_name: 'Reward name', reward_kind: 'Kind', reward_cost: 'Cost, points',
        reward_value: 'Discount or product price', reward_percent: 'Discount, %', remove: 'Remove',
        remove_tier: 'Remove tier', remove_reward: 'Remove reward',
        k_fixed_discount: 'fixed discount', k_percent_discount: 'percent discount', k_free_shipping: 'free shipping',
        k_free_product: 'free product',
        valid: 'The program is valid ✓', invalid: 'Errors in the program: ', checking: 'Checking…',
        reading: 'Reading the file: ', rows: 'rows', computing: 'Computing…',
        cancel: 'Cancel', cancelled: 'Cancelled. Choose a file to compute again.',
        left: (d) => `, about ${d} left`, sec: 's', min: 'min',
        m_orders: 'Orders', m_customers: 'Customers', m_new: 'New customers', m_revenue: 'Revenue',
        m_aov: 'Average order value', m_frequency: 'Purchase frequency', m_repeat: 'Repeat purchase rate',
        m_retention: 'Retention (CRR)', m_churn: 'Churn', m_ltv: 'Lifetime value (LTV)', m_refunded: 'Refunds',
        p_issued: 'Points issued', p_redeemed: 'Points redeemed', p_expired: 'Points expired',
        p_outstanding: 'Points outstanding', p_liability: 'Liability', p_cost: 'Cost of redemptions',
        p_share: 'Program cost, share of revenue',
        no_program: 'Fix the errors in the program to see its economics.',
        no_points: 'The program would have issued no points in this period (check the minimum order and the earning rules).',
        caption: (r) => `Period ${r.period.from} to ${r.period.to}; ${fmtInt(r.import.rows)} rows read; activity window ${r.active_window_days} days.`,
        bad_rows: (n, shown) => `Rows that could not be read: ${n}` + (shown < n ? ` (first ${shown} shown)` : ''),
        no_bad_rows: 'Every row was read',
        revenue: 'Revenue', retention: 'Retention', churn: 'Churn', issued: 'Issued', redeemed: 'Redeemed',
        expired: 'Expired', sample_failed: 'Could not load the sample: ', failed: 'Could not compute: ',
        core_failed: 'Could not start the core: ',
        auto_period: 'By default, the last 12 months of the history: retention needs customers active before the period starts. Change the period above.',
    },
};

const EXPONENT = { RUB: 2, USD: 2, EUR: 2, JPY: 0 };
const KINDS = ['fixed_discount', 'percent_discount', 'free_shipping', 'free_product'];

let lang = 'ru';
const t = (key) => TEXT[lang][key] ?? TEXT.en[key] ?? key;
const $ = (id) => document.getElementById(id);
const fmtInt = (n) => new Intl.NumberFormat(lang).format(n);

const state = {
    tiers: [
        { name: 'Читатель', threshold: '0', multiplier: '1' },
        { name: 'Библиофил', threshold: '15000', multiplier: '1.25' },
        { name: 'Коллекционер', threshold: '50000', multiplier: '1.5' },
    ],
    rewards: [
        { name: 'Скидка 300 ₽', kind: 'fixed_discount', cost: '300', value: '300', percent: '' },
        { name: 'Скидка 10%', kind: 'percent_discount', cost: '700', value: '', percent: '10' },
    ],
    programValid: false,
    lastProgram: null,
    lastSource: null,
    lastResult: null,
    autoPeriod: false,
};

let calc = null;
let extras = null; // comparison, sensitivity, retention worth and the printed report (extras.js)
function worker() {
    if (!calc) calc = createCalculatorWorker();
    return calc;
}

// ---- reading the form into a program.json -------------------------------------------------

/** "1 234,5" -> minor units as an integer; text the core should judge is passed through. */
function money(text, exponent) {
    const s = String(text).replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
    if (s === '') return undefined;
    const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m || (m[2] && m[2].length > exponent)) return text;
    const minor = BigInt(m[1]) * 10n ** BigInt(exponent) + BigInt((m[2] || '').padEnd(exponent, '0') || '0');
    return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : text;
}

function integer(text) {
    const s = String(text).trim();
    if (s === '') return undefined;
    return /^-?\d{1,15}$/.test(s) ? Number(s) : s;
}

function ratio(text) {
    const s = String(text).trim().replace(',', '.');
    return s === '' ? undefined : s;
}

function percent(text) {
    const s = String(text).trim().replace(',', '.');
    if (s === '') return undefined;
    return /^\d+(\.\d+)?$/.test(s) ? `${s}%` : s;
}

function field(name) {
    return document.querySelector(`[name="${name}"]`).value;
}

function buildProgram() {
    const currency = field('currency');
    const exp = EXPONENT[currency] ?? 2;
    const program = {
        version: 1,
        id: 'my-program',
        name: field('name'),
        currency,
        earn: {
            points: integer(field('earn_points')),
            per_amount: money(field('earn_per_amount'), exp),
            rounding: field('earn_rounding'),
            min_order: money(field('earn_min_order'), exp),
        },
        expiry: { days: integer(field('expiry_days')), warning_days: 30 },
        redemption: {
            point_value: money(field('point_value'), exp),
            min_points: integer(field('min_points')),
            max_share: percent(field('max_share')),
        },
    };
    // The end of a month, quarter or year (docs/program.md#expiry); "day" is the default, left out.
    if (field('expiry_end') !== 'day') program.expiry.at_end_of = field('expiry_end');
    // Days without a purchase or redemption after which every point goes; 0 (the default) is off.
    const idle = integer(field('expiry_inactive'));
    if (idle !== undefined && idle !== 0) program.expiry.inactive_days = idle;
    const e = program.expiry;
    if (e.days === undefined && !e.at_end_of && e.inactive_days === undefined) delete program.expiry;
    if (state.tiers.length) {
        // By a rolling 365 days, or by calendar year (docs/program.md#tiers).
        const byYear = field('tiers_requalify') === 'calendar_year';
        const grace = integer(field('tiers_grace'));
        program.tiers = {
            basis: 'spend',
            ...(byYear ? { requalify: 'calendar_year' } : { window_days: 365 }),
            // Days a tier is kept after the amount falls below it; 0 (the default) is left out.
            ...(grace ? { grace_days: grace } : {}),
            levels: state.tiers.map((tier, i) => ({
                id: `tier-${i + 1}`,
                name: tier.name,
                threshold: money(tier.threshold, exp),
                multiplier: ratio(tier.multiplier),
            })),
        };
    }
    program.rewards = state.rewards.map((r, i) => {
        const reward = { id: `reward-${i + 1}`, name: r.name, kind: r.kind, cost: integer(r.cost) };
        if (r.kind === 'fixed_discount' || r.kind === 'free_product') reward.value = money(r.value, exp);
        if (r.kind === 'percent_discount') reward.percent = percent(r.percent);
        if (r.kind === 'free_product') reward.product_id = `gift-${i + 1}`;
        return reward;
    });
    return JSON.parse(JSON.stringify(program)); // drops the undefined members
}

// ---- tier and reward rows -------------------------------------------------------------------

function inputField(label, value, path, onInput, attrs = {}) {
    const input = el('input', { value, 'data-path': path, ...attrs });
    input.value = value;
    input.addEventListener('input', () => onInput(input.value));
    return el('label', { class: 'field' }, el('span', { text: label }), input);
}

function renderTiers() {
    const box = $('tiers');
    box.replaceChildren();
    state.tiers.forEach((tier, i) => {
        const base = `/tiers/levels/${i}`;
        const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `${t('remove_tier')} ${i + 1}`, text: '×' });
        remove.addEventListener('click', () => { state.tiers.splice(i, 1); renderTiers(); changed(); });
        box.append(el('div', { class: 'row', role: 'group', 'aria-label': `${t('tiers')} ${i + 1}` },
            inputField(t('tier_name'), tier.name, `${base}/name`, (v) => { tier.name = v; changed(); }),
            inputField(t('tier_threshold'), tier.threshold, `${base}/threshold`, (v) => { tier.threshold = v; changed(); }, { inputmode: 'decimal' }),
            inputField(t('tier_multiplier'), tier.multiplier, `${base}/multiplier`, (v) => { tier.multiplier = v; changed(); }, { inputmode: 'decimal' }),
            remove));
    });
}

function renderRewards() {
    const box = $('rewards');
    box.replaceChildren();
    state.rewards.forEach((r, i) => {
        const base = `/rewards/${i}`;
        const kind = el('select', { 'data-path': `${base}/kind` },
            ...KINDS.map((k) => el('option', { value: k, text: t(`k_${k}`), selected: k === r.kind })));
        kind.addEventListener('change', () => { r.kind = kind.value; renderRewards(); changed(); });
        const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `${t('remove_reward')} ${i + 1}`, text: '×' });
        remove.addEventListener('click', () => { state.rewards.splice(i, 1); renderRewards(); changed(); });
        const parts = [
            inputField(t('reward_name'), r.name, `${base}/name`, (v) => { r.name = v; changed(); }),
            el('label', { class: 'field' }, el('span', { text: t('reward_kind') }), kind),
            inputField(t('reward_cost'), r.cost, `${base}/cost`, (v) => { r.cost = v; changed(); }, { inputmode: 'numeric' }),
        ];
        if (r.kind === 'fixed_discount' || r.kind === 'free_product') {
            parts.push(inputField(t('reward_value'), r.value, `${base}/value`, (v) => { r.value = v; changed(); }, { inputmode: 'decimal' }));
        }
        if (r.kind === 'percent_discount') {
            parts.push(inputField(t('reward_percent'), r.percent, `${base}/percent`, (v) => { r.percent = v; changed(); }, { inputmode: 'decimal' }));
        }
        box.append(el('div', { class: 'row', role: 'group', 'aria-label': `${t('rewards')} ${i + 1}` }, ...parts, remove));
    });
}

// ---- live validation ---------------------------------------------------------------------------

let validateSeq = 0;
let changeTimer = 0;

function changed() {
    clearTimeout(changeTimer);
    changeTimer = setTimeout(validate, 150);
}

/** The form control showing `path`, or the one of its nearest ancestor path. */
function controlFor(path) {
    const controls = [...document.querySelectorAll('#program-form [data-path]')];
    for (let p = path; p; p = p.slice(0, p.lastIndexOf('/'))) {
        const c = controls.find((x) => x.dataset.path === p);
        if (c) return c;
    }
    return null;
}

function showErrors(errors) {
    for (const c of document.querySelectorAll('#program-form [data-path]')) {
        c.removeAttribute('aria-invalid');
        c.removeAttribute('aria-describedby');
        c.closest('.field')?.querySelector('.field-error')?.remove();
    }
    const general = $('program-errors');
    general.replaceChildren();
    let n = 0;
    for (const e of errors) {
        const c = controlFor(e.path);
        if (!c) {
            general.append(el('li', { text: `${e.path || '/'}: ${e.message}` }));
            continue;
        }
        const wrap = c.closest('.field');
        let msg = wrap.querySelector('.field-error');
        if (!msg) {
            msg = el('span', { class: 'field-error', id: `err-${++n}-${Date.now()}` });
            wrap.append(msg);
            c.setAttribute('aria-invalid', 'true');
            c.setAttribute('aria-describedby', msg.id);
            msg.textContent = e.path === c.dataset.path ? e.message : `${e.path}: ${e.message}`;
        } else {
            msg.textContent += `; ${e.message}`;
        }
    }
}

async function validate() {
    const seq = ++validateSeq;
    const program = buildProgram();
    $('program-status').textContent = t('checking');
    let r;
    try {
        r = await worker().run('validate', program);
    } catch (e) {
        $('program-status').textContent = t('core_failed') + e.message;
        return;
    }
    if (seq !== validateSeq) return; // a newer edit is being checked
    state.programValid = !!r.ok;
    state.lastProgram = r.ok ? program : null;
    const status = $('program-status');
    status.textContent = r.ok ? t('valid') : t('invalid') + r.errors.length;
    status.className = r.ok ? 'status ok' : 'status bad';
    showErrors(r.ok ? [] : r.errors);
    extras?.program(r.ok ? program : null);
    if (state.lastSource) scheduleMetrics();
}

// ---- metrics ------------------------------------------------------------------------------------

let metricsSeq = 0;
let metricsTimer = 0;
let metricsAbort = null; // the AbortController of the import in progress

/** "1 min 05 s" / "8 s": the time left, rounded up to whole seconds. */
function durationText(seconds) {
    const s = Math.max(1, Math.ceil(seconds));
    if (s < 60) return `${s} ${t('sec')}`;
    return `${Math.floor(s / 60)} ${t('min')} ${String(s % 60).padStart(2, '0')} ${t('sec')}`;
}

/** The time left from the share read so far, once there is enough to go on (half a second and
 *  2% of the file), or ''. */
function timeLeft(started, p) {
    const elapsed = (performance.now() - started) / 1000;
    if (!p.totalBytes || elapsed < 0.5 || p.bytesRead < 0.02 * p.totalBytes || p.bytesRead >= p.totalBytes) return '';
    return t('left')(durationText((elapsed * (p.totalBytes - p.bytesRead)) / p.bytesRead));
}

/** Cancel: the worker stops reading, the page drops the import's results and is usable again. */
function cancelMetrics() {
    if (!metricsAbort) return;
    metricsAbort.abort();
    metricsAbort = null;
    ++metricsSeq;
    clearTimeout(metricsTimer);
    state.lastSource = null;
    state.lastResult = null;
    $('results').hidden = true;
    $('file').value = '';
    document.body.classList.remove('busy');
    $('progress-wrap').hidden = true;
    $('data-error').textContent = t('cancelled');
    $('drop').focus();
}

function scheduleMetrics() {
    clearTimeout(metricsTimer);
    metricsTimer = setTimeout(() => runMetrics(state.lastSource), 400);
}

function metricsOptions() {
    const options = { redemption_policy: 'max' };
    if (state.programValid) options.program = state.lastProgram;
    else options.currency = field('currency');
    const from = $('period-from').value;
    const to = $('period-to').value;
    if (from || to) options.period = { ...(from && { from }), ...(to && { to }) };
    return { ...options, ...mapping().options() };
}

let mappingUi = null;
function mapping() {
    mappingUi ??= createMapping({ lang: () => lang, rerun: () => runMetrics(state.lastSource) });
    return mappingUi;
}

/** Runs the metrics for `source`; `fresh` marks a newly chosen file, whose default period is
 *  worked out again (a period the owner typed is kept). */
async function runMetrics(source, fresh = false) {
    if (!source) return;
    if (fresh) mapping().reset();
    if (fresh && state.autoPeriod) {
        $('period-from').value = '';
        $('period-to').value = '';
        state.autoPeriod = false;
    }
    const seq = ++metricsSeq;
    if (metricsAbort) metricsAbort.abort(); // a run still reading an older choice stops
    const abort = new AbortController();
    metricsAbort = abort;
    try {
        source = await prepareSource(source, lang); // an .xlsx becomes CSV here
    } catch (e) {
        $('data-error').textContent = e.message;
        $('results').hidden = true; // no numbers of an earlier file under this one's name
        return;
    }
    if (seq !== metricsSeq) return;
    state.lastSource = source;
    const started = performance.now();
    const wrap = $('progress-wrap');
    const bar = $('progress');
    const label = $('progress-label');
    $('data-error').textContent = '';
    wrap.hidden = false;
    bar.value = 0;
    label.textContent = t('computing');
    document.body.classList.add('busy');
    let r;
    try {
        r = await worker().metricsFromBytes(source, metricsOptions(), (p) => {
            if (seq !== metricsSeq) return;
            if (p.totalBytes) bar.value = p.bytesRead / p.totalBytes;
            else bar.removeAttribute('value');
            label.textContent = `${t('reading')}${p.totalBytes ? Math.round((100 * p.bytesRead) / p.totalBytes) + '%, ' : ''}${fmtInt(p.rows)} ${t('rows')}${timeLeft(started, p)}`;
            if (p.totalBytes && p.bytesRead >= p.totalBytes) label.textContent = t('computing');
        }, { signal: abort.signal });
    } catch (e) {
        r = { ok: false, errors: [{ path: '', message: e.message }] };
    }
    if (seq !== metricsSeq || r.cancelled) return;
    metricsAbort = null;
    document.body.classList.remove('busy');
    wrap.hidden = true;
    if (!r.ok) {
        if (mapping().handleFailure(r)) return; // a column picker, never numbers
        $('data-error').textContent = t('failed') + r.errors.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ');
        return;
    }
    // Over the whole history nobody is active at its start, so retention, churn and lifetime value
    // have no denominator: default to the last 12 months of a longer history instead.
    if (!$('period-from').value && !$('period-to').value && r.period && r.retention_rate === null && r.months.length > 12) {
        const [y, m, d] = r.period.to.split('-').map(Number);
        $('period-from').value = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
        $('period-to').value = r.period.to;
        state.autoPeriod = true;
        return runMetrics(source);
    }
    state.lastResult = r;
    renderResults(r);
}

// narrowSymbol: "₽1,200" as the widget and the shop write it, not "RUB 1,200" (the currency's
// code is in the form above).
function moneyText(minor, currency) {
    const exp = EXPONENT[currency] ?? 2;
    return new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: exp, minimumFractionDigits: 0 })
        .format(minor / 10 ** exp);
}
const compact = (v) => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
function compactMoney(minor, currency) {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1 })
        .format(minor / 10 ** (EXPONENT[currency] ?? 2));
}
/** Large sums without kopecks, so a card stays readable. */
function kpiMoney(minor, currency) {
    const exp = EXPONENT[currency] ?? 2;
    return Math.abs(minor) >= 100000 * 10 ** exp
        ? new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(Math.round(minor / 10 ** exp))
        : moneyText(minor, currency);
}
const pct = (x) => (x === null || x === undefined ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x));
const num = (x, digits = 2) => (x === null || x === undefined ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(x));

function kpis(list, items) {
    list.replaceChildren();
    for (const [key, value, raw] of items) {
        const kpi = el('div', { class: 'kpi', 'data-metric': key, 'data-value': raw ?? '' }, el('dt', { text: t(key) }), el('dd', { text: value }));
        list.append(kpi);
    }
}

function renderResults(r) {
    $('results').hidden = false;
    const cur = r.currency;
    $('results-caption').textContent = r.period ? TEXT[lang].caption(r) + (state.autoPeriod ? ' ' + t('auto_period') : '') : '';
    kpis($('kpi-customers'), [
        ['m_orders', fmtInt(r.orders), r.orders],
        ['m_customers', fmtInt(r.customers), r.customers],
        ['m_new', fmtInt(r.new_customers), r.new_customers],
        ['m_revenue', kpiMoney(r.revenue, cur), r.revenue],
        ['m_aov', r.average_order_value === null ? '—' : kpiMoney(r.average_order_value, cur), r.average_order_value],
        ['m_frequency', num(r.purchase_frequency), r.purchase_frequency],
        ['m_repeat', pct(r.repeat_purchase_rate), r.repeat_purchase_rate],
        ['m_retention', pct(r.retention_rate), r.retention_rate],
        ['m_churn', pct(r.churn_rate), r.churn_rate],
        ['m_ltv', r.lifetime_value === null ? '—' : kpiMoney(r.lifetime_value, cur), r.lifetime_value],
        ['m_refunded', kpiMoney(r.refunded, cur), r.refunded],
    ]);
    const p = r.program;
    $('kpi-program').hidden = !p;
    $('program-note').hidden = !!p;
    if (p) {
        kpis($('kpi-program'), [
            ['p_issued', fmtInt(p.points_issued), p.points_issued],
            ['p_redeemed', fmtInt(p.points_redeemed), p.points_redeemed],
            ['p_expired', fmtInt(p.points_expired), p.points_expired],
            ['p_outstanding', fmtInt(p.points_outstanding), p.points_outstanding],
            ['p_liability', kpiMoney(p.liability, cur), p.liability],
            ['p_cost', kpiMoney(p.reward_cost, cur), p.reward_cost],
            ['p_share', pct(p.reward_cost_share), p.reward_cost_share],
        ]);
    }
    const months = r.months.map((m) => m.month);
    barChart($('chart-revenue'), months, [{ label: t('revenue'), cls: 's1', values: r.months.map((m) => m.revenue) }],
        (v) => moneyText(v, cur), t('chart_revenue'), (v) => compactMoney(v, cur));
    lineChart($('chart-retention'), months, [
        { label: t('retention'), cls: 's1', values: r.months.map((m) => m.retention_rate) },
        { label: t('churn'), cls: 's3', values: r.months.map((m) => m.churn_rate) },
    ], t('chart_retention'));
    if (p) {
        barChart($('chart-points'), months, [
            { label: t('issued'), cls: 's1', values: r.months.map((m) => m.program.points_issued) },
            { label: t('redeemed'), cls: 's2', values: r.months.map((m) => m.program.points_redeemed) },
            { label: t('expired'), cls: 's3', values: r.months.map((m) => m.program.points_expired) },
        ], (v) => fmtInt(v), t('chart_points'), compact);
        // Bare axes say nothing: an empty chart says why.
        const none = r.months.every((m) => !m.program.points_issued && !m.program.points_redeemed && !m.program.points_expired);
        if (none) $('chart-points').prepend(el('p', { class: 'hint', text: t('no_points') }));
    } else {
        $('chart-points').replaceChildren(el('p', { class: 'hint', text: t('no_program') }));
    }
    const imp = r.import;
    mapping().showImport(imp);
    $('bad-rows-summary').textContent = imp.bad_rows ? TEXT[lang].bad_rows(imp.bad_rows, imp.errors.length) : t('no_bad_rows');
    $('bad-rows-box').classList.toggle('has-errors', imp.bad_rows > 0);
    $('bad-rows-box').open = imp.bad_rows > 0;
    $('bad-rows').replaceChildren(...imp.errors.map((e) =>
        el('tr', {}, el('td', { text: String(e.line) }), el('td', { text: e.column || '—' }),
            // The core's messages are in English whatever the page's language (marked so for screen readers).
            el('td', { text: e.message, lang: 'en' }))));
    extras?.results(r);
}

// ---- charts (hand-written SVG) -------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
}

const H = 240, L = 78, R = 12, T = 12, B = 34;
/** The chart's width in SVG units: the width it gets on screen (300-720), so its 11px text stays
 *  11px on a phone instead of being scaled down to unreadable. Set by each chart before drawing. */
let W = 720;
const chartWidth = (box) => Math.round(Math.min(720, Math.max(300, box.clientWidth || 720)));

function frame(title, months, max, format) {
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'svgchart' });
    root.append(svg('title', {}, title));
    for (let i = 0; i <= 4; i++) {
        const y = T + ((H - T - B) * (4 - i)) / 4;
        root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }));
        root.append(svg('text', { x: L - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, format((max * i) / 4)));
    }
    const slot = (W - L - R) / Math.max(1, months.length);
    // A month label ("2025-01") needs about 52 units: fewer labels on a narrow chart.
    const step = Math.max(1, Math.ceil(months.length / 12), Math.ceil(52 / slot));
    months.forEach((m, i) => {
        if (i % step) return;
        // Kept inside the chart: the last month's label, centred on a narrow slot, would be cut.
        root.append(svg('text', { x: Math.min(L + slot * (i + 0.5), W - 26), y: H - B + 16, class: 'tick', 'text-anchor': 'middle' }, m));
    });
    return { root, slot };
}

function legend(series) {
    return el('ul', { class: 'legend' }, ...series.map((s) => el('li', {}, el('span', { class: `swatch ${s.cls}`, 'aria-hidden': 'true' }), s.label)));
}

function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
    return 10 * p;
}

function barChart(box, months, series, format, title, tickFormat) {
    W = chartWidth(box);
    // At least 4, so the four gridlines of a near-empty chart still fall on whole numbers.
    const max = Math.max(4, niceMax(Math.max(0, ...series.flatMap((s) => s.values))));
    const { root, slot } = frame(title, months, max, tickFormat);
    const inner = Math.min(slot * 0.8, 56 * series.length);
    const bw = inner / series.length;
    series.forEach((s, k) => {
        s.values.forEach((v, i) => {
            const h = ((H - T - B) * v) / max;
            const rect = svg('rect', { x: L + slot * i + (slot - inner) / 2 + bw * k, y: H - B - h, width: Math.max(1, bw - 1), height: Math.max(0, h), class: `bar ${s.cls}` });
            rect.append(svg('title', {}, `${months[i]} · ${s.label}: ${format(v)}`));
            root.append(rect);
        });
    });
    box.replaceChildren(root, legend(series));
}

function lineChart(box, months, series, title) {
    W = chartWidth(box);
    const { root, slot } = frame(title, months, 1, (v) => pct(v));
    for (const s of series) {
        let d = '';
        s.values.forEach((v, i) => {
            if (v === null || v === undefined) return;
            const x = L + slot * (i + 0.5);
            const y = T + (H - T - B) * (1 - v);
            d += `${d ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
            const dot = svg('circle', { cx: x, cy: y, r: 3, class: `dot ${s.cls}` });
            dot.append(svg('title', {}, `${months[i]} · ${s.label}: ${pct(v)}`));
            root.append(dot);
        });
        root.insertBefore(svg('path', { d, class: `line ${s.cls}` }), root.querySelector('circle'));
    }
    box.replaceChildren(root, legend(series));
}

// ---- language, export, file input ----------------------------------------------------------------

function applyLanguage(next) {
    lang = next;
    mapping().relabel();
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    const toggle = $('lang-toggle');
    toggle.textContent = lang === 'ru' ? 'English' : 'Русский';
    toggle.setAttribute('lang', lang === 'ru' ? 'en' : 'ru');
    try { localStorage.setItem('loyalty-calculator-lang', lang); } catch { /* private mode */ }
    extras?.language(lang);
    renderTiers();
    renderRewards();
    validate();
    if (state.lastResult) renderResults(state.lastResult);
}

function exportProgram() {
    const blob = new Blob([JSON.stringify(buildProgram(), null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: 'program.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function useSample() {
    $('data-error').textContent = '';
    try {
        const res = await fetch(new URL('sample-orders.csv', document.baseURI));
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await runMetrics(await res.blob(), true);
    } catch (e) {
        $('data-error').textContent = t('sample_failed') + e.message;
    }
}

function init() {
    let initial = document.documentElement.lang.startsWith('en') ? 'en' : 'ru';
    try { initial = localStorage.getItem('loyalty-calculator-lang') || initial; } catch { /* private mode */ }
    if (new URLSearchParams(location.search).get('lang') in TEXT) initial = new URLSearchParams(location.search).get('lang');

    for (const c of document.querySelectorAll('#program-form [data-path]')) {
        c.addEventListener(c.tagName === 'SELECT' ? 'change' : 'input', changed);
    }
    $('add-tier').addEventListener('click', () => {
        state.tiers.push({ name: '', threshold: '', multiplier: '1' });
        renderTiers();
        changed();
        $('tiers').lastElementChild.querySelector('input').focus();
    });
    $('add-reward').addEventListener('click', () => {
        state.rewards.push({ name: '', kind: 'fixed_discount', cost: '', value: '', percent: '' });
        renderRewards();
        changed();
        $('rewards').lastElementChild.querySelector('input').focus();
    });
    $('export').addEventListener('click', exportProgram);
    $('lang-toggle').addEventListener('click', () => applyLanguage(lang === 'ru' ? 'en' : 'ru'));
    $('sample').addEventListener('click', useSample);
    for (const id of ['period-from', 'period-to']) $(id).addEventListener('change', () => {
        state.autoPeriod = false;
        if (state.lastSource) scheduleMetrics();
    });

    const drop = $('drop');
    const file = $('file');
    drop.addEventListener('click', () => file.click());
    $('cancel').addEventListener('click', cancelMetrics);
    drop.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); }
    });
    file.addEventListener('change', () => file.files[0] && runMetrics(file.files[0], true));
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
        e.preventDefault();
        drop.classList.remove('over');
        if (e.dataTransfer.files[0]) runMetrics(e.dataTransfer.files[0], true);
    });
    // The comparison and sweeps read the file with the same preset or picked columns as the page.
    const importingWorker = () => {
        const w = worker();
        return { ...w, metricsFromBytes: (source, options, onProgress) => w.metricsFromBytes(source, { ...options, ...mapping().options() }, onProgress) };
    };
    extras = attachExtras({ worker: importingWorker, source: () => state.lastSource, lang: () => lang });
    applyLanguage(initial);
}

init();
