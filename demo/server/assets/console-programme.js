// The console's Programme section (docs/server.md, "The owner's console"): the versions the server
// has run and will run (GET /api/admin/program/versions), each one in words and as JSON, and the
// upload of a new version (POST /api/admin/program/versions) with the time it takes effect and a
// reason. The core validates an upload on the server; its errors come back as JSON Pointers into
// the programme, and this file shows each one in words at its place in the JSON text. Loaded after
// console.js, whose helpers it uses (window.LoyaltyConsole).
'use strict';
(() => {
    const C = window.LoyaltyConsole;
    const { $, el, t, api, money, pts, dec, when } = C;
    const MAX_BYTES = 1000000;  // under the server's --max-body default (1 MiB) with the envelope

    const TEXTS = {
        en: {
            'programme.title': 'Programme', 'programme.inForce': 'In force on this server', 'programme.raw': 'The programme as JSON',
            'programme.earn': 'Earning', 'programme.rate': (p, m) => `${p} for every ${m} paid`,
            'programme.perUnit': (p) => `${p} per unit`, 'programme.rules': 'Rules, in order',
            'programme.combine.exclusive': (n) => `exclusive, priority ${n}`, 'programme.combine.stop': 'no later rule after it',
            'programme.ruleProducts': (l) => `products ${l}`, 'programme.ruleFrom': (a) => `from ${a}`, 'programme.ruleUntil': (b) => `until ${b}`,
            'programme.ruleTiers': (l) => `for ${l}`, 'programme.ruleFirst': 'first order only',
            'programme.basis.paid': 'counted on what is paid (after discounts and points)',
            'programme.basis.list': 'counted on list prices',
            'programme.rounding': (r, per) => `rounded ${{ floor: 'down', ceil: 'up', half_up: 'to the nearest, halves up', half_even: 'to the nearest, halves to even' }[r] || r}, ${{ line: 'on each line', rule: 'for each rule' }[per] || 'once per order'}`,
            'programme.minOrder': (m) => `orders from ${m}`, 'programme.categories': 'Categories',
            'programme.excluded': 'earns nothing', 'programme.times': (m) => `points ×${m}`,
            'programme.campaigns': 'Campaigns', 'programme.campaign': (n, a, b, m, bonus) => `${n}: ${a} – ${b}${m ? `, points ×${m}` : ''}${bonus ? `, +${bonus}` : ''}`,
            'programme.bonuses': 'Bonuses', 'bonus.signup': 'sign-up', 'bonus.first_purchase': 'first purchase', 'bonus.birthday': 'birthday',
            'bonus.review': 'review', 'bonus.referral_referrer': 'referring a friend', 'bonus.referral_referee': 'joining by a referral',
            'bonus.referral_max_per_month': 'referral bonuses a month, at most',
            'programme.expiry': 'Expiry', 'programme.expiryDays': (d) => `points expire ${d} days after they are earned`,
            'programme.expiryEndOf': (d, e) => `points expire ${d ? `${d} days after they are earned, at the end of that ${e}` : `at the end of the ${e} they are earned in`}`,
            'programme.expiryIdleOnly': (n) => `points expire after ${n} days without a purchase or redemption`,
            'programme.expiryIdle': (n) => `, or sooner after ${n} days without a purchase or redemption`,
            'programme.expiryWarn': (w) => `; shoppers are warned ${w} days before`,
            'programme.expiryNever': (names) => `; points from ${names} never expire`,
            'source.purchase': 'purchases', 'source.returned': 'refunds (points given back)', 'source.signup': 'the sign-up bonus',
            'source.birthday': 'the birthday bonus', 'source.review': 'the review bonus', 'source.referral_referrer': 'the bonus for referring a friend',
            'source.referral_referee': 'the bonus for joining by a referral', 'source.adjustment': 'adjustments',
            'programme.noExpiry': 'points never expire',
            'programme.tiers': 'Tiers', 'programme.tierBasis': (b, d, year, grace) => `by ${b === 'points' ? 'points earned' : 'money spent'} ${year ? 'in each calendar year; a tier reached in a year is kept until the end of the next' : d ? `over the last ${d} days` : 'over all time'}${grace ? `; a tier is kept ${grace} days after the amount falls below it` : ''}`,
            'programme.from': (x) => `from ${x}`,
            'programme.redemption': 'Paying with points', 'programme.pointValue': (v) => `1 point = ${v}`,
            'programme.minPoints': (p, s) => `at least ${p}, in steps of ${s}`, 'programme.maxShare': (s) => `up to ${s} of an order`,
            'programme.rewards': 'Rewards', 'programme.cost': (p) => `costs ${p}`, 'programme.minTier': (t) => `for ${t} and above`,
            'programme.surveys': 'Surveys', 'programme.codeDays': (d) => `code valid ${d} days`,
            'reward.fixed_discount': (v) => `${v} off`, 'reward.percent_discount': (p) => `${p} off`, 'reward.free_shipping': () => 'free delivery',
            'reward.free_product': (v, pid) => `${pid} free (up to ${v})`,
            'programme.inForceNow': (v, since) => `Version ${v} is in force${since ? ` since ${since}` : ' from the beginning'}.`,
            'programme.legacy': 'This server keeps no versions yet (an older loyalty-server): the programme in force.',
            'versions.title': 'Versions', 'versions.col.version': 'Version', 'versions.col.status': 'Status',
            'versions.col.effective': 'Takes effect', 'versions.col.uploaded': 'Uploaded', 'versions.col.reason': 'Reason',
            'versions.col.open': 'Programme', 'versions.open': (v) => `View version ${v}`, 'versions.beginning': 'from the beginning',
            'versions.by': (who) => `by ${who}`, 'versions.file': 'from the programme file (--program)',
            'vstatus.in_force': 'in force', 'vstatus.scheduled': 'scheduled', 'vstatus.past': 'past', 'vstatus.superseded': 'superseded: never takes effect',
            'version.title': (v, s) => `Version ${v} (${s})`, 'version.copy': 'Start a new version from this one',
            'upload.title': 'Upload a new version', 'upload.open': 'Upload a new version…', 'upload.close': 'Close the form',
            'upload.lead': (v) => `The programme as JSON, starting from a copy of version ${v}: change it here, or take a .json file. The server's core checks it as the calculator does.`,
            'upload.json': 'The programme (JSON)', 'upload.file': 'Or take a .json file', 'upload.reset': (v) => `Start again from version ${v}`,
            'upload.when': 'Takes effect', 'upload.now': 'now', 'upload.at': 'at a time (the programme\'s zone)',
            'upload.atLabel': (z) => `Date and time (${z})`, 'upload.reason': 'Reason (for the activity log)',
            'upload.review': 'Review', 'upload.go': (v) => `Upload version ${v}`,
            'upload.confirmNow': (v, prev) => `Version ${v} takes effect now; orders before keep version ${prev}.`,
            'upload.confirmAt': (v, at, prev) => `Version ${v} takes effect on ${at}; orders before keep version ${prev}.`,
            'upload.supersedes': (v, at) => `Version ${v}, scheduled for ${at}, will then never take effect.`,
            'upload.done': (v, at) => `Version ${v} uploaded: ${at ? `it takes effect on ${at}` : 'it is in force now'}.`,
            'upload.dup': (v) => `Version ${v} already has exactly this programme and time: nothing new was uploaded.`,
            'upload.past': 'A version cannot take effect in the past: what was booked keeps its programme.',
            'upload.notObject': 'The programme is a JSON object: { … }.', 'upload.tooBig': 'Larger than the server takes (1 MB).',
            'upload.errors': (n) => `${n} ${n === 1 ? 'error' : 'errors'} in the programme, listed below: a click on one selects its place.`,
            'upload.errorsTitle': 'What the core refused',
            'json.at': (line, col, what) => `Not valid JSON at line ${line}, column ${col}: ${what}.`,
            'json.line': (line, col) => `line ${line}, column ${col}`,
            'json.end': 'the text ends too soon', 'json.expected': (what) => `expected ${what}`, 'json.unexpected': (c) => `unexpected “${c}”`,
            'json.control': 'a control character inside a string (write \\n, \\t)', 'json.escape': 'a bad escape in a string',
            'json.trailing': 'more text after the programme', 'json.deep': 'nested too deep', 'json.key': 'a key in double quotes',
            'json.value': 'a value', 'pointer.whole': 'the whole programme', 'pointer.item': (n) => `item ${n}`,
            'pointer.missing': 'not in the text: its place is where it would go',
            'action.program_version': 'programme version uploaded', 'detail.version': (v, at) => `version ${v} · takes effect ${at}`,
        },
        ru: {
            'programme.title': 'Программа', 'programme.inForce': 'Действует на этом сервере', 'programme.raw': 'Программа в JSON',
            'programme.earn': 'Начисление', 'programme.rate': (p, m) => `${p} за каждые ${m} оплаты`,
            'programme.perUnit': (p) => `${p} за единицу товара`, 'programme.rules': 'Правила, по порядку',
            'programme.combine.exclusive': (n) => `вместо других, приоритет ${n}`, 'programme.combine.stop': 'следующие правила не применяются',
            'programme.ruleProducts': (l) => `товары ${l}`, 'programme.ruleFrom': (a) => `с ${a}`, 'programme.ruleUntil': (b, day) => `${day ? 'по' : 'до'} ${b}`,
            'programme.ruleTiers': (l) => `для уровня ${l}`, 'programme.ruleFirst': 'только первый заказ',
            'programme.basis.paid': 'считается от оплаченного (после скидок и баллов)',
            'programme.basis.list': 'считается от цены без скидок',
            'programme.rounding': (r, per) => `округление ${{ floor: 'вниз', ceil: 'вверх', half_up: 'до ближайшего, половина вверх', half_even: 'до ближайшего, половина к чётному' }[r] || r}, ${{ line: 'по каждой позиции', rule: 'по каждому правилу' }[per] || 'один раз на заказ'}`,
            'programme.minOrder': (m) => `заказы от ${m}`, 'programme.categories': 'Категории',
            'programme.excluded': 'баллы не начисляются', 'programme.times': (m) => `баллы ×${m}`,
            'programme.campaigns': 'Акции', 'programme.campaign': (n, a, b, m, bonus) => `${n}: ${a} – ${b}${m ? `, баллы ×${m}` : ''}${bonus ? `, +${bonus}` : ''}`,
            'programme.bonuses': 'Бонусы', 'bonus.signup': 'за регистрацию', 'bonus.first_purchase': 'за первую покупку', 'bonus.birthday': 'в день рождения',
            'bonus.review': 'за отзыв', 'bonus.referral_referrer': 'за приглашённого друга', 'bonus.referral_referee': 'приглашённому',
            'bonus.referral_max_per_month': 'бонусов за приглашения в месяц, не больше',
            'programme.expiry': 'Сгорание', 'programme.expiryDays': (d) => `баллы сгорают через ${d} дн. после начисления`,
            'programme.expiryEndOf': (d, e) => `баллы сгорают в конце ${{ month: 'месяца', quarter: 'квартала', year: 'года' }[e]}${d ? `, на который приходится ${d}-й день после начисления` : ' начисления'}`,
            'programme.expiryIdleOnly': (n) => `баллы сгорают после ${n} дн. без покупок и списаний`,
            'programme.expiryIdle': (n) => `, а раньше — после ${n} дн. без покупок и списаний`,
            'programme.expiryWarn': (w) => `; покупатель предупреждается за ${w} дн.`,
            'programme.expiryNever': (names) => `; не сгорают баллы ${names}`,
            'source.purchase': 'за покупки', 'source.returned': 'возвращённые при возврате заказа', 'source.signup': 'за регистрацию',
            'source.birthday': 'в день рождения', 'source.review': 'за отзыв', 'source.referral_referrer': 'за приглашённого друга',
            'source.referral_referee': 'приглашённому', 'source.adjustment': 'начисленные вручную',
            'programme.noExpiry': 'баллы не сгорают',
            'programme.tiers': 'Уровни', 'programme.tierBasis': (b, d, year, grace) => `по ${b === 'points' ? 'начисленным баллам' : 'сумме покупок'} ${year ? 'за календарный год; уровень, достигнутый за год, сохраняется до конца следующего года' : d ? `за последние ${d} дн.` : 'за всё время'}${grace ? `; уровень сохраняется ещё ${grace} дн. после того, как сумма опустится ниже порога` : ''}`,
            'programme.from': (x) => `от ${x}`,
            'programme.redemption': 'Оплата баллами', 'programme.pointValue': (v) => `1 балл = ${v}`,
            'programme.minPoints': (p, s) => `не меньше ${p}, шаг ${s}`, 'programme.maxShare': (s) => `до ${s} заказа`,
            'programme.rewards': 'Награды', 'programme.cost': (p) => `стоит ${p}`, 'programme.minTier': (t) => `для уровня «${t}» и выше`,
            'programme.surveys': 'Опросы', 'programme.codeDays': (d) => `код действует ${d} дн.`,
            'reward.fixed_discount': (v) => `скидка ${v}`, 'reward.percent_discount': (p) => `скидка ${p}`, 'reward.free_shipping': () => 'бесплатная доставка',
            'reward.free_product': (v, pid) => `${pid} бесплатно (до ${v})`,
            'programme.inForceNow': (v, since) => `Действует версия ${v}${since ? ` с ${since}` : ' с самого начала'}.`,
            'programme.legacy': 'Этот сервер пока не хранит версий (старая версия loyalty-server): действующая программа.',
            'versions.title': 'Версии', 'versions.col.version': 'Версия', 'versions.col.status': 'Статус',
            'versions.col.effective': 'Вступает в силу', 'versions.col.uploaded': 'Загружена', 'versions.col.reason': 'Причина',
            'versions.col.open': 'Программа', 'versions.open': (v) => `Показать версию ${v}`, 'versions.beginning': 'с самого начала',
            'versions.by': (who) => who, 'versions.file': 'из файла программы (--program)',
            'vstatus.in_force': 'действует', 'vstatus.scheduled': 'запланирована', 'vstatus.past': 'в прошлом', 'vstatus.superseded': 'заменена: не вступит в силу',
            'version.title': (v, s) => `Версия ${v} (${s})`, 'version.copy': 'Сделать новую версию из этой',
            'upload.title': 'Загрузить новую версию', 'upload.open': 'Загрузить новую версию…', 'upload.close': 'Закрыть форму',
            'upload.lead': (v) => `Программа в JSON, для начала копия версии ${v}: измените её здесь или возьмите файл .json. Ядро на сервере проверит её так же, как калькулятор.`,
            'upload.json': 'Программа (JSON)', 'upload.file': 'Или возьмите файл .json', 'upload.reset': (v) => `Начать заново с версии ${v}`,
            'upload.when': 'Вступает в силу', 'upload.now': 'сейчас', 'upload.at': 'в указанное время (зона программы)',
            'upload.atLabel': (z) => `Дата и время (${z})`, 'upload.reason': 'Причина (для журнала)',
            'upload.review': 'Проверить', 'upload.go': (v) => `Загрузить версию ${v}`,
            'upload.confirmNow': (v, prev) => `Версия ${v} вступает в силу сейчас; заказы до этого остаются на версии ${prev}.`,
            'upload.confirmAt': (v, at, prev) => `Версия ${v} вступает в силу ${at}; заказы до этого остаются на версии ${prev}.`,
            'upload.supersedes': (v, at) => `Версия ${v}, запланированная на ${at}, тогда не вступит в силу.`,
            'upload.done': (v, at) => `Версия ${v} загружена: ${at ? `вступает в силу ${at}` : 'она действует с этой минуты'}.`,
            'upload.dup': (v) => `У версии ${v} уже ровно эта программа и это время: ничего нового не загружено.`,
            'upload.past': 'Версия не может вступить в силу в прошлом: проведённое остаётся на своей программе.',
            'upload.notObject': 'Программа — это объект JSON: { … }.', 'upload.tooBig': 'Больше, чем принимает сервер (1 МБ).',
            'upload.errors': (n) => `Ошибок в программе: ${n}, список ниже; щелчок по ошибке выделяет её место.`,
            'upload.errorsTitle': 'Что не приняло ядро',
            'json.at': (line, col, what) => `Это не JSON: строка ${line}, столбец ${col}: ${what}.`,
            'json.line': (line, col) => `строка ${line}, столбец ${col}`,
            'json.end': 'текст кончается раньше времени', 'json.expected': (what) => `ожидается ${what}`, 'json.unexpected': (c) => `неожиданный символ «${c}»`,
            'json.control': 'управляющий символ внутри строки (пишите \\n, \\t)', 'json.escape': 'неверная escape-последовательность в строке',
            'json.trailing': 'после программы есть ещё текст', 'json.deep': 'слишком глубокая вложенность', 'json.key': 'ключ в двойных кавычках',
            'json.value': 'значение', 'pointer.whole': 'программа целиком', 'pointer.item': (n) => `№ ${n}`,
            'pointer.missing': 'этого нет в тексте: выделено место, где оно должно быть',
            'action.program_version': 'загружена версия программы', 'detail.version': (v, at) => `версия ${v} · вступает в силу ${at}`,
        },
    };

    // ---------------------------------------------------------------- state
    let list = null;          // GET /api/admin/program/versions, the last answer
    let clock = null;         // {server, local}: the server's "now" and this browser's when it came
    const programs = new Map();  // version -> its programme JSON (a version never changes)
    let opened = null;        // the version shown in words
    let fresh = null;         // the version this console just uploaded (marked in the list)
    // The upload form's state, kept across redraws (a language switch draws the section again).
    const draft = { open: false, text: null, base: null, mode: 'now', at: '', reason: '', errors: [], jsonError: null, result: null, fileError: '' };

    const serverNow = () => (clock ? clock.server + (Date.now() - clock.local) : Date.now());
    const zoneSeconds = () => {
        const m = /^([+-])(\d\d):(\d\d)$/.exec(C.zone());
        return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
    };
    /** An instant the server wrote, as its wall clock with its offset: "10 Dec 2026, 00:00 (+03:00)". */
    const whenZoned = (iso) => (iso ? `${when(iso)} (${/[+-]\d\d:\d\d$/.exec(iso) ? iso.slice(-6) : 'UTC'})` : t('versions.beginning'));
    const statusText = (s) => t('vstatus.' + s);

    // ---------------------------------------------------------------- the programme in words
    /** A name the programme `p` translates for this language, else its own. */
    function trIn(p, group, id, fallback) {
        const d = p.display && p.display.translations && p.display.translations[C.lang()];
        const v = d && d[group] && d[group][id];
        if (v && typeof v === 'object') return v.name || fallback;
        return v || fallback;
    }
    const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    /** A weekday of earn.rules ("sat") in the console's language; 2024-01-01 was a Monday. */
    const weekday = (d) => new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(d))).toLocaleDateString(C.lang() === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'short', timeZone: 'UTC' });
    /** One rule of earn.rules (docs/program.md) in words: what it earns, on which lines, when, for
     *  whom and how it combines, each condition only when the rule has it. A bare date "ends" covers
     *  its whole day ("по 31 дек."); one with a time ends at that time ("до ..."). */
    function ruleWords(r, tr, tierName) {
        const some = (list) => Array.isArray(list) && list.length > 0;
        const day = (iso) => String(iso).length <= 10;
        return [
            `${tr('rules', r.id, r.name || r.id)}: ${r.kind === 'per_unit' ? t('programme.perUnit', pts(r.points)) : t('programme.rate', pts(r.points), money(r.per_amount))}`,
            some(r.categories) ? r.categories.map((c) => tr('categories', c, c)).join(', ') : null,
            some(r.products) ? t('programme.ruleProducts', r.products.join(', ')) : null,
            r.min_order ? t('programme.minOrder', money(r.min_order)) : null,
            some(r.weekdays) ? r.weekdays.map(weekday).join(', ') : null,
            r.starts ? t('programme.ruleFrom', when(r.starts, !day(r.starts))) : null,
            r.ends ? t('programme.ruleUntil', when(r.ends, !day(r.ends)), day(r.ends)) : null,
            some(r.tiers) ? t('programme.ruleTiers', r.tiers.map(tierName).join(', ')) : null,
            r.first_order_only ? t('programme.ruleFirst') : null,
            r.combine === 'exclusive' ? t('programme.combine.exclusive', r.priority || 0) : r.combine === 'stop' ? t('programme.combine.stop') : null,
        ].filter(Boolean).join(' · ');
    }
    /** `expiry` (docs/program.md#expiry) in words: never, a number of days, or the end of a month,
     *  quarter or year, days without a purchase or redemption, and the points that never expire. */
    function expiryWords(x) {
        const e = x || {};
        const end = e.at_end_of && e.at_end_of !== 'day' ? e.at_end_of : null;
        const idle = e.inactive_days || 0;
        const main = end ? t('programme.expiryEndOf', e.days || 0, end) : e.days ? t('programme.expiryDays', e.days) : null;
        if (!main && !idle) return t('programme.noExpiry');
        const words = main ? main + (idle ? t('programme.expiryIdle', idle) : '') : t('programme.expiryIdleOnly', idle);
        const lasting = Array.isArray(e.never_expire) && e.never_expire.length
            ? t('programme.expiryNever', new Intl.ListFormat(C.lang() === 'ru' ? 'ru-RU' : 'en-GB', { type: 'conjunction' }).format(e.never_expire.map((s) => t(`source.${s}`))))
            : '';
        return words + lasting + t('programme.expiryWarn', e.warning_days ?? 30);
    }
    function words(p) {
        const out = [];
        const tr = (group, id, fallback) => trIn(p, group, id, fallback);
        const tierName = (id) => {
            const level = p.tiers && (p.tiers.levels || []).find((l) => l.id === id);
            return tr('tiers', id, level ? level.name : id);
        };
        const card = (title, ...body) => el('section', { class: 'card' }, el('h3', {}, title), ...body);
        const list = (items) => el('ul', {}, items.filter(Boolean).map((x) => el('li', {}, x)));
        const d = p.display && p.display.translations && p.display.translations[C.lang()];
        out.push(el('p', { class: 'muted' }, `${(d && d.name) || p.name || ''} (${p.id}) · ${p.currency} · ${p.timezone || 'UTC'}`));
        const earn = p.earn || {};
        if (earn.points || earn.rules) {
            const rules = (earn.rules || []).map((r) => ruleWords(r, tr, tierName));
            const cats = Object.entries(earn.categories || {}).map(([id, c]) =>
                `${tr('categories', id, id)}: ${c.excluded ? t('programme.excluded') : t('programme.times', dec(c.multiplier || 1))}`);
            const camps = (earn.campaigns || []).map((c) => t('programme.campaign', tr('campaigns', c.id, c.name || c.id), when(c.starts, false), when(c.ends, false), c.multiplier ? dec(c.multiplier) : '', c.bonus_points ? pts(c.bonus_points) : ''));
            out.push(card(t('programme.earn'), list([
                earn.rules ? null : t('programme.rate', pts(earn.points), money(earn.per_amount)),
                earn.basis ? t('programme.basis.' + earn.basis) : null,
                earn.rounding ? t('programme.rounding', earn.rounding, earn.rounding_per) : null,
                earn.min_order ? t('programme.minOrder', money(earn.min_order)) : null]),
            rules.length ? el('h4', {}, t('programme.rules')) : null, rules.length ? list(rules) : null,
            cats.length ? el('h4', {}, t('programme.categories')) : null, cats.length ? list(cats) : null,
            camps.length ? el('h4', {}, t('programme.campaigns')) : null, camps.length ? list(camps) : null));
        }
        const bonuses = Object.entries(p.bonuses || {});
        if (bonuses.length) out.push(card(t('programme.bonuses'), list(bonuses.map(([k, v]) => (k.endsWith('_per_month') ? `${t('bonus.' + k)}: ${v}` : `${t('bonus.' + k)}: ${pts(v)}`)))));
        out.push(card(t('programme.expiry'), el('p', {}, expiryWords(p.expiry))));
        if (p.tiers && p.tiers.levels) {
            out.push(card(t('programme.tiers'), el('p', { class: 'muted' }, t('programme.tierBasis', p.tiers.basis, p.tiers.window_days, p.tiers.requalify === 'calendar_year', p.tiers.grace_days)),
                C.table([{ label: t('customer.tier') }, { label: t('col.threshold') }, { label: t('col.multiplier'), cls: 'num' }, { label: t('col.perks') }],
                    p.tiers.levels.map((l) => {
                        const perks = (d && d.tiers && d.tiers[l.id] && d.tiers[l.id].perks) || l.perks || [];
                        return [tr('tiers', l.id, l.name), p.tiers.basis === 'spend' ? money(l.threshold) : pts(l.threshold), dec(l.multiplier || '1'), perks.join('; ')];
                    }), 'tiers')));
        }
        if (p.redemption) {
            const r = p.redemption;
            out.push(card(t('programme.redemption'), list([
                t('programme.pointValue', money(r.point_value)),
                r.min_points ? t('programme.minPoints', pts(r.min_points), r.step || 1) : null,
                r.max_share ? t('programme.maxShare', r.max_share) : null])));
        }
        if ((p.rewards || []).length) {
            out.push(card(t('programme.rewards'), list(p.rewards.map((w) => {
                const what = w.kind === 'fixed_discount' ? t('reward.fixed_discount', money(w.value)) : w.kind === 'percent_discount' ? t('reward.percent_discount', w.percent)
                    : w.kind === 'free_product' ? t('reward.free_product', money(w.value), w.product_id) : w.kind === 'free_shipping' ? t('reward.free_shipping') : w.kind;
                const extra = [t('programme.cost', pts(w.cost)), w.min_order ? t('programme.minOrder', money(w.min_order)) : null,
                    w.min_tier ? t('programme.minTier', tierName(w.min_tier)) : null, w.code_days ? t('programme.codeDays', w.code_days) : null].filter(Boolean);
                return `${tr('rewards', w.id, w.name)} — ${what}; ${extra.join(', ')}`;
            }))));
        }
        if ((p.surveys || []).length) out.push(card(t('programme.surveys'), list(p.surveys.map((s) => `${s.id}: ${t('kind.' + s.kind)}`))));
        out.push(el('details', { class: 'card raw' }, el('summary', {}, t('programme.raw')), el('pre', { tabindex: '0' }, JSON.stringify(p, null, 2))));
        return out;
    }

    // ---------------------------------------------------------------- JSON text: where a pointer is
    /**
     * Reads `text` as JSON and maps every JSON Pointer in it to where it is written: {key: [start,
     * end] (a member's name, null for an array item and the root), value: [start, end]}, as
     * character offsets. On bad JSON throws an Error with `pos` and a `what` key of TEXTS.
     * JSON.parse can say that the text is bad but not where a pointer is in it.
     */
    function jsonMap(text) {
        const map = new Map();
        let i = 0;
        const fail = (what, arg) => {
            throw Object.assign(new Error(what), { pos: Math.min(i, text.length), what, arg });
        };
        const ws = () => {
            while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
        };
        const esc = (k) => k.replace(/~/g, '~0').replace(/\//g, '~1');
        function string() {
            const start = i++;
            while (i < text.length) {
                const c = text[i];
                if (c === '"') {
                    i++;
                    try {
                        return JSON.parse(text.slice(start, i));
                    } catch {
                        i = start;
                        return fail('json.escape');
                    }
                }
                if (c === '\\') i += 2;
                else if (c < ' ') fail('json.control');
                else i++;
            }
            return fail('json.end');
        }
        const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
        const WORD = /true|false|null/y;
        function value(ptr, depth) {
            if (depth > 200) fail('json.deep');
            ws();
            const start = i;
            const c = text[i];
            if (i >= text.length) fail('json.end');
            if (c === '{' || c === '[') {
                const object = c === '{';
                const close = object ? '}' : ']';
                i++;
                ws();
                if (text[i] === close) i++;
                else {
                    for (let n = 0; ; n++) {
                        ws();
                        let child, key = null;
                        if (object) {
                            if (i >= text.length) fail('json.end');
                            if (text[i] !== '"') fail('json.expected', t('json.key'));
                            const ks = i;
                            child = ptr + '/' + esc(string());
                            key = [ks, i];
                            ws();
                            if (text[i] !== ':') fail(i >= text.length ? 'json.end' : 'json.expected', '“:”');
                            i++;
                        } else child = ptr + '/' + n;
                        value(child, depth + 1);
                        map.get(child).key = key;
                        ws();
                        if (text[i] === ',') {
                            i++;
                            continue;
                        }
                        if (text[i] === close) {
                            i++;
                            break;
                        }
                        fail(i >= text.length ? 'json.end' : 'json.expected', `“,” / “${close}”`);
                    }
                }
            } else if (c === '"') string();
            else {
                const re = c === '-' || (c >= '0' && c <= '9') ? NUMBER : WORD;
                re.lastIndex = i;
                const m = re.exec(text);
                if (!m) fail('json.unexpected', c);
                i += m[0].length;
            }
            map.set(ptr, { key: null, value: [start, i] });
        }
        value('', 0);
        ws();
        if (i < text.length) fail('json.trailing');
        return map;
    }
    /** Line and column (from 1) of a character offset. */
    function lineCol(text, pos) {
        const before = text.slice(0, pos);
        const line = before.split('\n').length;
        return { line, col: pos - before.lastIndexOf('\n') };
    }
    /** Where `pointer` is in `text`: its member (name and value) or, when it is not there (a
     *  missing field), its nearest parent's value: {start, end, exact}. Null for bad JSON. */
    function place(text, pointer) {
        let map;
        try {
            map = jsonMap(text);
        } catch {
            return null;
        }
        for (let p = pointer, exact = true; ; p = p.slice(0, p.lastIndexOf('/')), exact = false) {
            const at = map.get(p);
            if (at) {
                // A parent's place is its opening bracket: where the missing member would go.
                if (!exact) return { start: at.value[0], end: at.value[0] + 1, exact };
                return { start: at.key ? at.key[0] : at.value[0], end: at.value[1], exact };
            }
            if (!p) return null;
        }
    }
    /** A pointer in words: "tiers › levels › item 2 › threshold". */
    function pointerWords(pointer) {
        if (!pointer) return t('pointer.whole');
        return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
            .map((s) => (/^\d+$/.test(s) ? t('pointer.item', Number(s) + 1) : s)).join(' › ');
    }

    // ---------------------------------------------------------------- loading
    async function show() {
        C.status(t('loading'));
        const r = await api('GET', '/api/admin/program/versions');
        C.status('');
        if (r.status === 404) return legacy();  // a server from before the versions
        if (!r.ok) {
            $('programme-body').replaceChildren();
            return C.status(C.failure(r), true);
        }
        list = r.body;
        clock = { server: Date.parse(list.now), local: Date.now() };
        if (opened === null || !list.versions.some((v) => v.version === opened)) opened = list.in_force;
        await Promise.all([fetchProgram(list.in_force), fetchProgram(opened)]);
        if (draft.text === null) {
            draft.base = list.in_force;
            draft.text = JSON.stringify(programs.get(list.in_force), null, 2);
        }
        render();
        C.loaded();
    }
    async function fetchProgram(n) {
        if (programs.has(n)) return programs.get(n);
        const r = await api('GET', '/api/admin/program/versions/' + n);
        if (!r.ok) throw new Error(C.errorText(r.body, r.status));
        // "text" keeps the members in the order the owner wrote them; "program" is re-sorted.
        const program = typeof r.body.text === 'string' ? JSON.parse(r.body.text) : r.body.program;
        programs.set(n, program);
        return program;
    }
    /** A server without versions: the programme in force, in words, as before. */
    function legacy() {
        const p = C.program();
        if (!p) return $('programme-body').replaceChildren(el('p', { class: 'error' }, t('failed', '/api/loyalty/program')));
        $('programme-body').replaceChildren(el('p', { class: 'muted' }, t('programme.legacy')), ...words(p));
        C.loaded();
    }

    // ---------------------------------------------------------------- drawing
    function render() {
        const current = list.versions.find((v) => v.version === list.in_force);
        const out = [el('p', { class: 'muted', id: 'in-force-note' }, t('programme.inForceNow', list.in_force, current && current.effective_at ? whenZoned(current.effective_at) : ''))];
        out.push(versionsCard(), uploadCard(), versionView());
        $('programme-body').replaceChildren(...out);
    }
    function versionsCard() {
        const cols = [{ label: t('versions.col.version'), cls: 'num' }, { label: t('versions.col.status') }, { label: t('versions.col.effective') },
            { label: t('versions.col.uploaded') }, { label: t('versions.col.reason') }, { label: t('versions.col.open') }];
        const rows = list.versions.map((v) => {
            const open = el('button', { type: 'button', class: 'quiet open-version', 'aria-controls': 'version-view', 'aria-pressed': String(v.version === opened) },
                t('versions.open', v.version));
            open.addEventListener('click', () => openVersion(v.version).catch(problem));
            const row = [String(v.version), el('span', { class: 'badge ' + v.status }, statusText(v.status)), whenZoned(v.effective_at),
                el('span', {}, v.uploaded_at ? whenZoned(v.uploaded_at) : '—', el('span', { class: 'sub' }, v.source === 'file' ? t('versions.file') : t('versions.by', v.uploaded_by || '—'))),
                v.reason || '—', open];
            row.attrs = { 'data-version': v.version, 'data-status': v.status, class: v.version === fresh ? 'fresh' : null };
            return row;
        });
        return el('section', { class: 'card', id: 'versions', 'aria-labelledby': 'versions-title' },
            el('h2', { id: 'versions-title' }, t('versions.title')), C.table(cols, rows, 'versions'));
    }
    function versionView() {
        const v = list.versions.find((x) => x.version === opened);
        const p = programs.get(opened);
        const copy = el('button', { type: 'button', class: 'quiet' }, t('version.copy'));
        copy.addEventListener('click', () => {
            draft.text = JSON.stringify(p, null, 2);
            draft.base = opened;
            draft.open = true;
            draft.errors = [];
            draft.jsonError = null;
            render();
            $('upload-json').focus();
        });
        return el('section', { class: 'version-view', id: 'version-view', 'data-version': opened, 'aria-labelledby': 'version-title' },
            el('h2', { id: 'version-title', tabindex: '-1' }, t('version.title', opened, statusText(v ? v.status : 'in_force'))),
            el('div', { class: 'row' }, copy), ...(p ? words(p) : []));
    }
    async function openVersion(n) {
        opened = n;
        await fetchProgram(n);
        render();
        $('version-title').focus();
    }
    const problem = (err) => {
        if (!(err instanceof C.SignedOut)) C.status(t('failed', err.message), true);
    };

    // ---------------------------------------------------------------- the upload form
    function nextVersion() {
        return Math.max(0, ...list.versions.map((v) => v.version)) + 1;
    }
    /** The version in force just before instant `at` (ms) among those there are. */
    function inForceBefore(at) {
        const before = list.versions.filter((v) => v.status !== 'superseded' && (v.effective_at === null || Date.parse(v.effective_at) < at));
        return before.length ? Math.max(...before.map((v) => v.version)) : list.in_force;
    }
    function uploadCard() {
        const toggle = el('button', { type: 'button', id: 'upload-toggle', class: draft.open ? 'quiet' : '', 'aria-expanded': String(draft.open), 'aria-controls': 'upload-form' },
            draft.open ? t('upload.close') : t('upload.open'));
        toggle.addEventListener('click', () => {
            draft.open = !draft.open;
            render();
            (draft.open ? $('upload-json') : $('upload-toggle')).focus();
        });
        const section = el('section', { class: 'card', id: 'upload', 'aria-labelledby': 'upload-title' }, el('h2', { id: 'upload-title' }, t('upload.title')));
        if (draft.result) section.append(el('p', { class: 'result ' + (draft.result.ok ? 'ok' : 'bad'), id: 'upload-result', role: 'status', tabindex: '-1' }, draft.result.text));
        section.append(el('div', { class: 'row' }, toggle));
        if (draft.open) section.append(uploadForm());
        return section;
    }
    function uploadForm() {
        const form = el('form', { id: 'upload-form', 'data-action': 'program-version', novalidate: true });
        form.append(el('p', { class: 'muted' }, t('upload.lead', draft.base)));
        // The JSON text, its file, and the core's errors listed under it.
        const json = el('textarea', { id: 'upload-json', name: 'program', class: 'code', rows: '18', spellcheck: 'false', autocapitalize: 'off',
            autocomplete: 'off', wrap: 'off', 'aria-describedby': 'upload-json-error' });
        json.value = draft.text;
        const jsonError = el('p', { class: 'error', id: 'upload-json-error' });
        const file = el('input', { type: 'file', id: 'upload-file', accept: '.json,application/json', 'aria-describedby': 'upload-file-error' });
        const fileError = el('p', { class: 'error', id: 'upload-file-error' }, draft.fileError);
        const reset = el('button', { type: 'button', class: 'quiet', id: 'upload-reset' }, t('upload.reset', list.in_force));
        const errorsBox = el('div', { id: 'upload-errors' });
        form.append(el('div', { class: 'field' }, el('label', { for: 'upload-json' }, t('upload.json')), json, jsonError),
            errorsBox,
            el('div', { class: 'row file-row' }, el('div', { class: 'field' }, el('label', { for: 'upload-file' }, t('upload.file')), file, fileError), reset));
        // When it takes effect.
        const now = el('input', { type: 'radio', name: 'when', value: 'now', id: 'upload-now' });
        const at = el('input', { type: 'radio', name: 'when', value: 'at', id: 'upload-at-choice' });
        (draft.mode === 'at' ? at : now).checked = true;
        // The date and time in the console's language on the programme's clock (not the browser's).
        const atField = C.dateTimeField({ id: 'upload-at', name: 'effective_at', label: t('upload.atLabel', C.zone()), what: t('upload.when'), required: true });
        const atInput = atField.date;  // where the server's /effective_at errors are shown
        atField.draft = draft.at;  // as typed, even when not yet a time: another language keeps it
        atField.disabled = draft.mode !== 'at';
        form.append(el('fieldset', { class: 'when' }, el('legend', {}, t('upload.when')),
            el('div', { class: 'choice' }, now, el('label', { for: 'upload-now' }, t('upload.now'))),
            el('div', { class: 'choice' }, at, el('label', { for: 'upload-at-choice' }, t('upload.at'))),
            atField.wrap));
        const reason = el('textarea', { id: 'upload-reason', name: 'reason', maxlength: '500', rows: '2', required: true, 'aria-describedby': 'upload-reason-error' });
        reason.value = draft.reason;
        const reasonError = el('p', { class: 'error', id: 'upload-reason-error' });
        form.append(el('div', { class: 'field' }, el('label', { for: 'upload-reason' }, t('upload.reason')), reason, reasonError));
        const review = el('button', { type: 'submit' }, t('upload.review'));
        const confirmBox = el('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': t('upload.go', nextVersion()) });
        const confirmText = el('p', { class: 'what', tabindex: '-1' });
        const go = el('button', { type: 'button', class: 'confirm-go' }, t('upload.go', nextVersion()));
        const back = el('button', { type: 'button', class: 'quiet' }, t('cancel'));
        confirmBox.append(confirmText, el('div', { class: 'row' }, go, back));
        const formError = el('p', { class: 'error form-error', role: 'alert' });
        form.append(el('div', { class: 'row' }, review), confirmBox, formError);

        const fields = { json, at: atInput, atTime: atField.time, reason };
        function clear() {
            for (const f of Object.values(fields)) C.setFieldError(f, '');
            errorsBox.replaceChildren();
            formError.textContent = '';
        }
        /** Selects `pointer`'s place in the JSON text and scrolls it into view. */
        function select(pointer) {
            const where = place(json.value, pointer);
            json.focus();
            if (!where) return;
            json.setSelectionRange(where.start, where.end);
            const line = lineCol(json.value, where.start).line;
            const height = parseFloat(getComputedStyle(json).lineHeight) || 18;
            json.scrollTop = Math.max(0, (line - 4) * height);
        }
        function showJsonError(e) {
            const { line, col } = lineCol(json.value, e.pos);
            C.setFieldError(json, t('json.at', line, col, e.arg === undefined ? t(e.what) : t(e.what, e.arg)));
            json.focus();
            json.setSelectionRange(e.pos, Math.min(json.value.length, e.pos + 1));
        }
        function showErrors(errors, focus = true) {
            const inProgram = [];
            let first = null;
            for (const e of errors) {
                const path = String(e.path || '');
                if (path === '/program' || path.startsWith('/program/')) inProgram.push({ pointer: path.slice('/program'.length), message: e.message });
                else if (path === '/effective_at' || path === '/reason') {
                    const f = path === '/reason' ? reason : atInput;
                    if (f === atInput && draft.mode !== 'at') formError.textContent += (formError.textContent ? '; ' : '') + e.message;
                    else {
                        C.setFieldError(f, e.message);
                        first = first || f;
                    }
                } else formError.textContent += (formError.textContent ? '; ' : '') + (path ? path + ': ' : '') + e.message;
            }
            if (inProgram.length) {
                C.setFieldError(json, t('upload.errors', inProgram.length));
                const items = inProgram.map((e) => {
                    const where = place(json.value, e.pointer);
                    const lc = where ? lineCol(json.value, where.start) : null;
                    const b = el('button', { type: 'button', class: 'link pointer', 'data-pointer': e.pointer }, pointerWords(e.pointer));
                    b.addEventListener('click', () => select(e.pointer));
                    return el('li', { 'data-pointer': e.pointer }, b, lc ? el('span', { class: 'sub' }, ` (${t('json.line', lc.line, lc.col)}${where.exact ? '' : '; ' + t('pointer.missing')})`) : null,
                        ': ', el('span', { class: 'message' }, e.message));
                });
                errorsBox.replaceChildren(el('h3', { id: 'upload-errors-title' }, t('upload.errorsTitle')),
                    el('ul', { class: 'json-errors', 'aria-labelledby': 'upload-errors-title' }, items));
                if (focus) select(inProgram[0].pointer);
            } else if (first && focus) first.focus();
        }
        /** {values, errors}: what the form says, checked here before anything is sent. */
        function read() {
            const errors = [];
            const text = json.value;
            let parsed = null;
            if (new TextEncoder().encode(text).length > MAX_BYTES) errors.push({ field: json, message: t('upload.tooBig') });
            else {
                try {
                    jsonMap(text);
                    parsed = JSON.parse(text);
                    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) errors.push({ field: json, message: t('upload.notObject') });
                } catch (e) {
                    if (e.pos === undefined) throw e;
                    errors.push({ json: e });
                }
            }
            let effective = null;
            if (draft.mode === 'at') {
                const value = atField.value;
                if (!value) errors.push({ field: atField });  // check() words it at the part that is wrong
                else {
                    effective = C.isoFromLocal(value);
                    if (Date.parse(effective) < serverNow() - 60000) errors.push({ field: atInput, message: t('upload.past') });
                }
            }
            const why = reason.value.trim();
            if (!why) errors.push({ field: reason, message: t('needReason') });
            return { values: { text, effective, reason: why }, errors };
        }
        function save() {
            draft.text = json.value;
            draft.at = atField.draft;
            draft.reason = reason.value;
            draft.mode = at.checked ? 'at' : 'now';
        }
        form.addEventListener('input', () => {
            save();
            confirmBox.hidden = true;
        });
        const modeChanged = () => {
            save();
            atField.disabled = draft.mode !== 'at';
            if (draft.mode === 'at' && atField.value === '') {
                // Tomorrow's midnight on the programme's clock: the usual start of new rates.
                const wall = new Date(serverNow() + zoneSeconds() * 1000 + 86400000).toISOString().slice(0, 10);
                atField.set(draft.at = wall + 'T00:00');
            }
            confirmBox.hidden = true;
        };
        now.addEventListener('change', modeChanged);
        at.addEventListener('change', modeChanged);
        reset.addEventListener('click', async () => {
            json.value = draft.text = JSON.stringify(await fetchProgram(list.in_force), null, 2);
            draft.base = list.in_force;
            clear();
            draft.errors = [];
            json.focus();
        });
        file.addEventListener('change', async () => {
            const f = file.files && file.files[0];
            if (!f) return;
            draft.fileError = f.size > MAX_BYTES ? t('upload.tooBig') : '';
            C.setFieldError(file, draft.fileError);
            if (draft.fileError) return;
            json.value = draft.text = await f.text();
            clear();
            confirmBox.hidden = true;
            // Bad JSON is said at once, with its line and column.
            try {
                jsonMap(json.value);
            } catch (e) {
                if (e.pos !== undefined) showJsonError(e);
            }
        });
        let values = null;
        form.addEventListener('submit', (e) => {
            e.preventDefault();
            clear();
            draft.result = null;
            const old = $('upload-result');
            if (old) old.remove();
            const r = read();
            if (r.errors.length) {
                confirmBox.hidden = true;
                let focused = false;
                for (const x of r.errors) {
                    if (x.json) showJsonError(x.json);
                    else if (x.field === atField) atField.check(!focused);
                    else C.setFieldError(x.field, x.message, !focused);
                    focused = true;
                }
                return;
            }
            values = r.values;
            const n = nextVersion();
            const parts = [];
            if (values.effective === null) parts.push(t('upload.confirmNow', n, list.in_force));
            else {
                const at = Date.parse(values.effective);
                parts.push(t('upload.confirmAt', n, `${when(values.effective)} (${C.zone()})`, inForceBefore(at)));
                for (const v of list.versions) {
                    if (v.status === 'scheduled' && Date.parse(v.effective_at) >= at) parts.push(t('upload.supersedes', v.version, whenZoned(v.effective_at)));
                }
            }
            if (values.effective === null) {
                for (const v of list.versions) if (v.status === 'scheduled') parts.push(t('upload.supersedes', v.version, whenZoned(v.effective_at)));
            }
            confirmText.textContent = parts.join(' ');
            confirmBox.hidden = false;
            go.focus();
        });
        back.addEventListener('click', () => {
            confirmBox.hidden = true;
            review.focus();
        });
        go.addEventListener('click', async () => {
            go.disabled = true;
            review.disabled = true;
            // The text is sent as it was written (checked above), so its numbers arrive exactly.
            const body = `{"program":${values.text},${values.effective ? `"effective_at":${JSON.stringify(values.effective)},` : ''}"reason":${JSON.stringify(values.reason)}}`;
            let r;
            try {
                r = await api('POST', '/api/admin/program/versions', body);
            } catch (err) {
                if (err instanceof C.SignedOut) return;
                throw err;
            } finally {
                go.disabled = false;
                review.disabled = false;
            }
            confirmBox.hidden = true;
            if (r.ok) {
                const v = r.body.version;
                draft.result = { ok: true, text: r.body.duplicate ? t('upload.dup', v.version) : t('upload.done', v.version, v.status === 'in_force' ? '' : whenZoned(v.effective_at)) };
                Object.assign(draft, { open: false, text: null, reason: '', at: '', mode: 'now', errors: [] });
                fresh = v.version;
                opened = v.version;
                if (v.status === 'in_force') await C.loadProgram();
                await show();
                const res = $('upload-result');
                if (res) res.focus();
                return;
            }
            if (r.status === 0) {
                formError.textContent = r.error;
                return;
            }
            draft.errors = (r.body && r.body.errors) || [{ path: '', message: 'HTTP ' + r.status }];
            showErrors(draft.errors);
        });
        // Drawn again (another language): the errors of the last try are shown again.
        if (draft.errors.length) requestAnimationFrame(() => showErrors(draft.errors, false));
        return form;
    }

    C.register('programme', {
        texts: TEXTS,
        show,
        /** The audit log's "what" of an upload: {version, effective_at}. */
        auditDetail: (d) => t('detail.version', d.version, whenZoned(d.effective_at)),
        text: { jsonMap, place, lineCol, pointerWords, ruleWords, expiryWords },  // for tests/js/console-programme.test.mjs
    });
})();
