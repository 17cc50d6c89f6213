// Texts and number formats of the comparison, sensitivity, retention and report parts of the
// calculator page (kept apart from calculator.js's own dictionary so each part stays in its file).

export const EXTRA_TEXT = {
    ru: {
        print: 'Печать отчёта',
        compare_h: 'Сравнение двух программ',
        compare_hint: 'Программа A — та, что в форме выше. Программа B начинается как её копия: измените поля ниже или JSON, либо загрузите program.json.',
        copy_a: 'Скопировать A в B', load_b: 'Загрузить JSON', run_compare: 'Сравнить',
        b_json: 'Программа B (JSON)', b_quick: 'Быстрые правки программы B',
        b_earn_points: 'Баллов за сумму', b_point_value: 'Стоимость балла', b_max_share: 'Баллами до, %',
        b_expiry_days: 'Сгорают через, дней',
        b_valid: 'Программа B корректна ✓', b_invalid: 'Ошибок в программе B: ', b_bad_json: 'Это не JSON: ',
        b_file_failed: 'Не удалось прочитать файл: ', b_failed: 'Не удалось посчитать программу B: ',
        b_currency: 'Валюта программы B должна совпадать с валютой программы A.',
        need_a: 'Сначала исправьте программу A и загрузите историю заказов.',
        metric: 'Показатель', prog_a: 'Программа A', prog_b: 'Программа B', difference: 'Разница B − A', diff_pct: 'Разница, %',
        reward_cost: 'Стоимость списаний', liability: 'Обязательства', points_expired: 'Сгорело баллов (breakage)',
        points_issued: 'Начислено баллов', points_redeemed: 'Списано баллов', points_outstanding: 'Баллов на счетах',
        reward_cost_share: 'Доля выручки',
        cheaper: (w, money, share, other) => `Программа ${w} дешевле на ${money} (на ${share} меньше, чем ${other}) за период.`, pp_short: 'п. п.',
        same_cost: 'Обе программы стоят одинаково за период.',
        computing_n: (i, n) => `Считаем: ${i} из ${n}…`,
        sens_h: 'Чувствительность', sens_hint: 'Один параметр программы A перебирается по диапазону; каждая точка — полный пересчёт программы ядром по истории заказов.',
        sens_param: 'Параметр', sens_from: 'От', sens_to: 'До', sens_steps: 'Шагов', run_sweep: 'Построить',
        p_earn_points: 'Баллов за сумму начисления', p_point_value: 'Стоимость балла', p_expiry_days: 'Срок жизни баллов, дней',
        cost: 'Стоимость списаний', money_axis: (c) => `Сумма, ${c}`,
        sens_title: (p) => `Стоимость и обязательства в зависимости от параметра «${p}»`,
        ret_h: 'Сколько стоит удержание',
        ret_hint: 'Оценка: что дал бы рост удержания при вашей марже, рядом с тем, сколько программа стоит в год.',
        margin: 'Маржа, %', rise: 'Рост удержания, п. п.',
        ret_kept: 'Дополнительно удержано покупателей', ret_kept_f: 'активные на начало × рост',
        ret_per: 'Выручка с покупателя в год', ret_per_f: 'средний чек × частота покупок × 365 / дней периода',
        ret_revenue: 'Дополнительная выручка в год', ret_revenue_f: 'удержано × выручка с покупателя в год',
        ret_profit: 'Дополнительная прибыль в год', ret_profit_f: 'доп. выручка × маржа',
        ret_cost: 'Стоимость программы в год', ret_cost_f: 'стоимость списаний за период × 365 / дней периода',
        ret_net: 'Итог в год', ret_net_f: 'доп. прибыль − стоимость программы',
        ret_be: 'Рост удержания для окупаемости', ret_be_f: 'стоимость в год / (активные × выручка с покупателя в год × маржа)',
        ret_now: (r, c, r2, c2) => `Сейчас удержание ${r}, отток ${c}; с ростом — ${r2} и ${c2}.`,
        pp: 'п. п.', unreachable: ' — недостижимо: удержание превысило бы 100%',
        no_cost: 'нет программы', no_retention: 'Нужен период, в начале которого были активные покупатели (удержание измерено).',
        percent_0_100: 'Введите число от 0 до 100 (до двух знаков после запятой).',
        rise_range: 'Введите число больше 0 и не больше 100 (до двух знаков после запятой).',
        over_100: 'С таким ростом удержание превысило бы 100%.',
        whole_from_1: 'Введите целое число не меньше 1.', whole_from_0: 'Введите целое число не меньше 0.',
        steps_range: 'Введите целое число от 2 до 15.', to_after_from: '«До» должно быть больше «От».',
        money_from: 'Введите сумму больше 0.',
        formula: 'Формула', value: 'Значение', stale: 'Программа A или данные изменились: постройте график заново.',
        report_h: 'Отчёт', report_inputs: 'Исходные данные', report_json: 'program.json программы A', report_json_b: 'program.json программы B',
        r_file: 'Файл', r_period: 'Период', r_program: 'Программа', r_earn: 'Начисление', r_redeem: 'Списание',
        r_expiry: 'Сгорание', r_tiers: 'Уровни', r_rewards: 'Награды', r_never: 'никогда', r_generated: 'Сформирован',
        r_earn_v: (p, a, min) => `${p} баллов за каждые ${a}, заказ от ${min}`,
        r_redeem_v: (v, min, share) => `балл = ${v}, от ${min} баллов, до ${share} заказа`,
        r_days: (d) => `через ${d} дн.`, r_inactive: (d) => `после ${d} дн. без покупок`, r_calendar_year: 'за календарный год', r_grace: (d) => `уровень держится ещё ${d} дн.`, r_end_of: (e) => `в конце ${{ month: 'месяца', quarter: 'квартала', year: 'года' }[e]}`, r_sample: 'пример данных',
    },
    en: {
        print: 'Print report',
        compare_h: 'Compare two programs',
        compare_hint: 'Program A is the one in the form above. Program B starts as its copy: change the fields below or its JSON, or load a program.json.',
        copy_a: 'Copy A into B', load_b: 'Load JSON', run_compare: 'Compare',
        b_json: 'Program B (JSON)', b_quick: 'Quick edits of program B',
        b_earn_points: 'Points per amount', b_point_value: 'Value of one point', b_max_share: 'Points pay up to, %',
        b_expiry_days: 'Expire after, days',
        b_valid: 'Program B is valid ✓', b_invalid: 'Errors in program B: ', b_bad_json: 'Not JSON: ',
        b_file_failed: 'Could not read the file: ', b_failed: 'Could not compute program B: ',
        b_currency: "Program B's currency must be program A's.",
        need_a: 'First fix program A and load an order history.',
        metric: 'Figure', prog_a: 'Program A', prog_b: 'Program B', difference: 'Difference B − A', diff_pct: 'Difference, %',
        reward_cost: 'Cost of redemptions', liability: 'Liability', points_expired: 'Points expired (breakage)',
        points_issued: 'Points issued', points_redeemed: 'Points redeemed', points_outstanding: 'Points outstanding',
        reward_cost_share: 'Share of revenue',
        cheaper: (w, money, share, other) => `Program ${w} is cheaper by ${money} (${share} less than ${other}) over the period.`, pp_short: 'pp',
        same_cost: 'Both programs cost the same over the period.',
        computing_n: (i, n) => `Computing: ${i} of ${n}…`,
        sens_h: 'Sensitivity', sens_hint: "One parameter of program A swept over a range; every point is a full replay of the program by the core over the order history.",
        sens_param: 'Parameter', sens_from: 'From', sens_to: 'To', sens_steps: 'Steps', run_sweep: 'Draw',
        p_earn_points: 'Points per earning amount', p_point_value: 'Value of one point', p_expiry_days: 'Points expire after, days',
        cost: 'Cost of redemptions', money_axis: (c) => `Amount, ${c}`,
        sens_title: (p) => `Cost and liability by “${p}”`,
        ret_h: 'What retention is worth',
        ret_hint: 'An estimate: what a rise in retention would add at your margin, beside what the program costs a year.',
        margin: 'Margin, %', rise: 'Retention rise, points',
        ret_kept: 'Extra customers kept', ret_kept_f: 'active at the start × rise',
        ret_per: 'Revenue per customer a year', ret_per_f: 'average order value × purchase frequency × 365 / days in the period',
        ret_revenue: 'Extra revenue a year', ret_revenue_f: 'kept × revenue per customer a year',
        ret_profit: 'Extra profit a year', ret_profit_f: 'extra revenue × margin',
        ret_cost: 'Program cost a year', ret_cost_f: 'cost of redemptions in the period × 365 / days in the period',
        ret_net: 'Net a year', ret_net_f: 'extra profit − program cost',
        ret_be: 'Break-even retention rise', ret_be_f: 'cost a year / (active × revenue per customer a year × margin)',
        ret_now: (r, c, r2, c2) => `Retention is ${r} and churn ${c} now; with the rise, ${r2} and ${c2}.`,
        pp: 'points', unreachable: ' — out of reach: retention would pass 100%',
        no_cost: 'no program', no_retention: 'Needs a period with customers active at its start (retention measured).',
        percent_0_100: 'Enter a number from 0 to 100 (at most two decimals).',
        rise_range: 'Enter a number above 0 and at most 100 (at most two decimals).',
        over_100: 'With this rise retention would pass 100%.',
        whole_from_1: 'Enter a whole number of 1 or more.', whole_from_0: 'Enter a whole number of 0 or more.',
        steps_range: 'Enter a whole number from 2 to 15.', to_after_from: '“To” must be greater than “From”.',
        money_from: 'Enter an amount above 0.',
        formula: 'Formula', value: 'Value', stale: 'Program A or the data changed since: draw the chart again.',
        report_h: 'Report', report_inputs: 'Inputs', report_json: 'program.json of program A', report_json_b: 'program.json of program B',
        r_file: 'File', r_period: 'Period', r_program: 'Program', r_earn: 'Earning', r_redeem: 'Redemption',
        r_expiry: 'Expiry', r_tiers: 'Tiers', r_rewards: 'Rewards', r_never: 'never', r_generated: 'Generated',
        r_earn_v: (p, a, min) => `${p} points per ${a}, orders from ${min}`,
        r_redeem_v: (v, min, share) => `a point = ${v}, from ${min} points, up to ${share} of an order`,
        r_days: (d) => `after ${d} days`, r_inactive: (d) => `after ${d} days without a purchase`, r_calendar_year: 'by calendar year', r_grace: (d) => `a lost tier kept ${d} days`, r_end_of: (e) => `at the end of the ${e}`, r_sample: 'sample data',
    },
};

export const EXPONENT = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

/** Formatters for one language and currency. */
export function formats(lang, currency = 'RUB') {
    const exp = EXPONENT[currency] ?? 2;
    const t = (key) => EXTRA_TEXT[lang][key] ?? EXTRA_TEXT.en[key] ?? key;
    const money = (minor) => (minor === null || minor === undefined ? '—' : new Intl.NumberFormat(lang, {
        style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: exp, minimumFractionDigits: 0,
    }).format(minor / 10 ** exp));
    const signedMoney = (minor) => (minor > 0 ? '+' : '') + money(minor);
    const int = (n) => (n === null || n === undefined ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: 4 }).format(n));
    const signed = (n) => (n > 0 ? '+' : '') + int(n);
    const pct = (x, digits = 2) => (x === null || x === undefined ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(x));
    const signedPct = (x) => (x === null ? '—' : (x > 0 ? '+' : '') + pct(x, 1));
    // Two decimals: a quarter of 5M is 1.25M, not a rounded 1.3M beside its gridline.
    const compactMoney = (minor) => new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 2 }).format(minor / 10 ** exp);
    const symbol = new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
    return { t, exp, money, signedMoney, int, signed, pct, signedPct, compactMoney, symbol };
}

export function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : v);
    }
    node.append(...children);
    return node;
}
