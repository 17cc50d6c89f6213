// Messages of the widget in Russian and English, with plural forms chosen by Intl.PluralRules
// (1 балл, 2 балла, 5 баллов; 1 point, 2 points). Pure: no DOM, no globals.
//
// A message is a string with {name} placeholders, or an object of plural forms keyed by the
// Intl.PluralRules category of the parameter `n` ({one, few, many, other}).

/** Languages the widget speaks; anything else falls back to English. */
export const LANGUAGES = ['ru', 'en'];

export const MESSAGES = {
    ru: {
        launcher: 'Бонусы',
        points: { one: 'балл', few: 'балла', many: 'баллов', other: 'балла' },
        points_n: { one: '{n} балл', few: '{n} балла', many: '{n} баллов', other: '{n} балла' },
        plus_points_n: { one: '+{n} балл', few: '+{n} балла', many: '+{n} баллов', other: '+{n} балла' },
        days_n: { one: '{n} день', few: '{n} дня', many: '{n} дней', other: '{n} дня' },
        panel_title: 'Бонусная программа',
        close: 'Закрыть',
        open_panel: 'Открыть бонусную программу',
        loading: 'Загружаем ваши бонусы…',
        unavailable: 'Бонусная программа сейчас недоступна. Попробуйте позже.',
        retry: 'Повторить',
        customer_unavailable: 'Не удалось загрузить ваш баланс. Ниже — условия программы.',
        balance: 'Ваш баланс',
        balance_worth: 'это {money} на оплату покупок',
        expiring: { one: '{n} балл сгорит {date}', few: '{n} балла сгорят {date}', many: '{n} баллов сгорят {date}', other: '{n} балла сгорят {date}' },
        expiring_none: 'В ближайшие {days} ничего не сгорит',
        tier: 'Уровень',
        tier_multiplier: 'баллы ×{factor}',
        tier_next_spend: 'Ещё {amount} покупок до уровня «{name}»',
        tier_next_points: 'Ещё {amount} до уровня «{name}»',
        tier_next_perks: 'На уровне «{name}»:',
        tier_top: 'Это высший уровень программы',
        tier_lapses: 'Уровень сохранится до {date}, если не будет новых покупок',
        tier_progress: 'Прогресс до уровня «{name}»',
        cart: 'Этот заказ',
        cart_earn: 'Вы получите',
        cart_earn_guest: 'Вы получили бы',
        why: 'Почему?',
        why_hide: 'Скрыть',
        cart_pay: 'Баллами можно оплатить до {money}',
        cart_pay_points: '({points})',
        cart_pay_none: 'Для оплаты баллами нужно от {points}',
        cart_tier_up: 'Заказ переведёт вас на уровень «{name}»',
        rewards: 'Награды',
        reward_available: 'Доступно',
        reward_choose: 'Выбрать',
        reward_choose_label: 'Выбрать награду «{name}»',
        reward_missing: { one: 'Ещё {n} балл', few: 'Ещё {n} балла', many: 'Ещё {n} баллов', other: 'Ещё {n} балла' },
        reward_tier: 'С уровня «{name}»',
        reward_min_order: 'Для заказа от {money}',
        history: 'История',
        history_all: 'Показать всю историю',
        history_empty: 'Пока нет операций',
        h_purchase: 'Покупка {id}',
        h_refund: 'Возврат {id}',
        h_redemption: 'Списание',
        h_redemption_reward: 'Награда «{name}»',
        h_bonus: 'Бонус',
        h_expiry: 'Сгорание баллов',
        h_adjustment: 'Корректировка',
        bonus_signup: 'Бонус за регистрацию',
        bonus_first_purchase: 'Бонус за первую покупку',
        bonus_birthday: 'Бонус ко дню рождения',
        bonus_review: 'Бонус за отзыв',
        bonus_referral_referrer: 'Бонус за приглашённого друга',
        bonus_referral_referee: 'Бонус по приглашению друга',
        w_base: 'Базовые баллы за {item}',
        w_base_amount: '{item}: {money}',
        w_category: 'Категория «{name}» ×{factor}',
        w_campaign: 'Акция «{name}» ×{factor}',
        w_tier: 'Уровень «{name}» ×{factor}',
        w_rounding: 'Округление до целого',
        w_campaign_bonus: 'Бонус акции «{name}»',
        w_excluded: '{item} не приносит баллов',
        w_min_order: 'Баллы начисляются за заказ от {money}',
        w_refund: 'Возврат {money}',
        w_redeemed_returned: 'Возврат списанных баллов',
        w_reward: 'Награда «{name}»',
        w_expiry: 'Истёк срок действия',
        w_adjustment: 'Корректировка',
        w_total: 'Итого',
        guest_title: 'Как это работает',
        guest_earn: '{points} за каждые {money}',
        guest_pay: '1 балл = {money} при оплате, до {share} заказа',
        guest_bonuses: 'Бонусы',
        guest_tiers: 'Уровни',
        guest_tier_from: 'от {money} покупок за год',
        guest_tier_from_lifetime: 'от {money} покупок',
        guest_tier_from_points: 'от {points}',
        guest_join: 'Войти или зарегистрироваться',
        guest_teaser: 'Копите баллы: {rule}',
        survey_label: 'Короткий опрос',
        survey_appeared: 'Появился короткий опрос',
        survey_nps: 'Насколько вероятно, что вы порекомендуете нас друзьям?',
        survey_csat: 'Насколько вы довольны покупкой?',
        survey_ces: 'Насколько легко было сделать заказ?',
        survey_low: 'Точно нет',
        survey_high: 'Точно да',
        survey_low_csat: 'Очень недоволен',
        survey_high_csat: 'Очень доволен',
        survey_low_ces: 'Очень сложно',
        survey_high_ces: 'Очень легко',
        survey_follow_up: 'Что нам стоит улучшить?',
        survey_next: 'Дальше',
        survey_send: 'Отправить',
        survey_skip: 'Пропустить',
        survey_dismiss: 'Закрыть опрос',
        survey_thanks: 'Спасибо за ответ!',
        survey_score: 'Оценка {n}',
    },
    en: {
        launcher: 'Rewards',
        points: { one: 'point', other: 'points' },
        points_n: { one: '{n} point', other: '{n} points' },
        plus_points_n: { one: '+{n} point', other: '+{n} points' },
        days_n: { one: '{n} day', other: '{n} days' },
        panel_title: 'Rewards program',
        close: 'Close',
        open_panel: 'Open the rewards program',
        loading: 'Loading your rewards…',
        unavailable: 'The rewards program is unavailable right now. Please try again later.',
        retry: 'Try again',
        customer_unavailable: 'We could not load your balance. Here is how the program works.',
        balance: 'Your balance',
        balance_worth: 'worth {money} off your purchases',
        expiring: { one: '{n} point expires on {date}', other: '{n} points expire on {date}' },
        expiring_none: 'Nothing expires in the next {days}',
        tier: 'Tier',
        tier_multiplier: 'points ×{factor}',
        tier_next_spend: 'Spend {amount} more to reach {name}',
        tier_next_points: 'Earn {amount} more to reach {name}',
        tier_next_perks: 'At {name}:',
        tier_top: 'You are at the top tier',
        tier_lapses: 'Your tier is kept until {date} without new purchases',
        tier_progress: 'Progress to {name}',
        cart: 'This order',
        cart_earn: 'You will earn',
        cart_earn_guest: 'You would earn',
        why: 'Why?',
        why_hide: 'Hide',
        cart_pay: 'Points can pay up to {money}',
        cart_pay_points: '({points})',
        cart_pay_none: 'Paying with points needs at least {points}',
        cart_tier_up: 'This order takes you to {name}',
        rewards: 'Rewards',
        reward_available: 'Available',
        reward_choose: 'Choose',
        reward_choose_label: 'Choose the reward {name}',
        reward_missing: { one: '{n} more point', other: '{n} more points' },
        reward_tier: 'From the {name} tier',
        reward_min_order: 'For orders from {money}',
        history: 'History',
        history_all: 'Show the whole history',
        history_empty: 'No activity yet',
        h_purchase: 'Purchase {id}',
        h_refund: 'Refund {id}',
        h_redemption: 'Points spent',
        h_redemption_reward: 'Reward: {name}',
        h_bonus: 'Bonus',
        h_expiry: 'Points expired',
        h_adjustment: 'Adjustment',
        bonus_signup: 'Sign-up bonus',
        bonus_first_purchase: 'First purchase bonus',
        bonus_birthday: 'Birthday bonus',
        bonus_review: 'Review bonus',
        bonus_referral_referrer: 'Bonus for inviting a friend',
        bonus_referral_referee: 'Bonus for joining by invitation',
        w_base: 'Base points for {item}',
        w_base_amount: '{item}: {money}',
        w_category: 'Category {name} ×{factor}',
        w_campaign: 'Campaign {name} ×{factor}',
        w_tier: 'Tier {name} ×{factor}',
        w_rounding: 'Rounded to whole points',
        w_campaign_bonus: 'Campaign bonus: {name}',
        w_excluded: '{item} earns no points',
        w_min_order: 'Points are earned on orders from {money}',
        w_refund: 'Refund of {money}',
        w_redeemed_returned: 'Spent points returned',
        w_reward: 'Reward: {name}',
        w_expiry: 'Expired',
        w_adjustment: 'Adjustment',
        w_total: 'Total',
        guest_title: 'How it works',
        guest_earn: '{points} for every {money}',
        guest_pay: '1 point = {money} at checkout, up to {share} of an order',
        guest_bonuses: 'Bonuses',
        guest_tiers: 'Tiers',
        guest_tier_from: 'from {money} spent in a year',
        guest_tier_from_lifetime: 'from {money} spent',
        guest_tier_from_points: 'from {points}',
        guest_join: 'Sign in or join',
        guest_teaser: 'Earn points: {rule}',
        survey_label: 'A short survey',
        survey_appeared: 'A short survey has appeared',
        survey_nps: 'How likely are you to recommend us to a friend?',
        survey_csat: 'How satisfied are you with your purchase?',
        survey_ces: 'How easy was it to place your order?',
        survey_low: 'Not at all likely',
        survey_high: 'Extremely likely',
        survey_low_csat: 'Very dissatisfied',
        survey_high_csat: 'Very satisfied',
        survey_low_ces: 'Very difficult',
        survey_high_ces: 'Very easy',
        survey_follow_up: 'What should we improve?',
        survey_next: 'Next',
        survey_send: 'Send',
        survey_skip: 'Skip',
        survey_dismiss: 'Close the survey',
        survey_thanks: 'Thank you for your answer!',
        survey_score: 'Score {n}',
    },
};

/**
 * The widget's language for a requested tag ("ru-RU", "en", "de"): its primary subtag when the
 * widget speaks it, otherwise English.
 */
export function pickLanguage(tag) {
    const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    return LANGUAGES.includes(primary) ? primary : 'en';
}

const pluralRules = new Map();

/** The Intl.PluralRules category of `n` in `lang` ("one", "few", "many", "other"). */
export function pluralCategory(lang, n) {
    let rules = pluralRules.get(lang);
    if (!rules) {
        rules = new Intl.PluralRules(lang);
        pluralRules.set(lang, rules);
    }
    return rules.select(n);
}

function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
        Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}

/**
 * The message `key` in `lang` with {placeholders} filled from `params`. Plural messages pick
 * their form by `params.count` when given (a number), else by `params.n` when it is a number.
 * An unknown key yields the key itself, so a missing text shows up instead of crashing.
 */
export function translate(lang, key, params = {}) {
    const table = MESSAGES[pickLanguage(lang)];
    let message = table[key] ?? MESSAGES.en[key];
    if (message === undefined) return key;
    if (typeof message === 'object') {
        const count = typeof params.count === 'number' ? params.count : params.n;
        const form = typeof count === 'number' ? pluralCategory(pickLanguage(lang), Math.abs(count)) : 'other';
        message = message[form] ?? message.other;
    }
    return fill(message, params);
}

/** A translator bound to one language: t(key, params). */
export function translator(lang) {
    const code = pickLanguage(lang);
    const t = (key, params) => translate(code, key, params);
    t.lang = code;
    return t;
}

/**
 * A text of the program in the visitor's language, from a {"ru": "...", "en": "..."} object:
 * the exact tag, then its primary language, then English, then any; `fallback` when empty.
 */
export function localized(texts, lang, fallback = '') {
    if (!texts || typeof texts !== 'object') return fallback;
    const keys = Object.keys(texts);
    if (keys.length === 0) return fallback;
    const wanted = String(lang || '').toLowerCase();
    const exact = keys.find((k) => k.toLowerCase() === wanted);
    if (exact) return String(texts[exact]);
    const primary = wanted.split('-')[0];
    const same = keys.find((k) => k.toLowerCase().split('-')[0] === primary);
    if (same) return String(texts[same]);
    if (typeof texts.en === 'string') return texts.en;
    return String(texts[keys[0]]);
}
