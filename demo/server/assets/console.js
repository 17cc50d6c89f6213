// The owner's console (docs/server.md, "The owner's console"): the shell every section plugs into:
// sign-in, navigation, language, the texts and helpers the sections share (money, dates, tables,
// the two-step action form, the audit log). The sections register from files of their own:
// console-customers.js, console-activity.js, console-programme.js, console-numbers.js,
// console-surveys.js. Every number comes from the server; the console sends the operator's actions
// with the admin token and the operator's name (X-Loyalty-Actor). No framework, no CDN, no inline script or style, no eval: it
// runs under the console's own policy (style-src 'self').
'use strict';
(() => {
    const KEY = { token: 'loyalty-console-token', operator: 'loyalty-console-operator', lang: 'loyalty-console-lang' };
    const OLD_TOKEN_KEY = 'loyalty-dashboard-token';  // the survey dashboard's, before the console
    const SVG = 'http://www.w3.org/2000/svg';
    const $ = (id) => document.getElementById(id);

    // ---------------------------------------------------------------- texts, Russian and English
    const plural = {
        ru: (n, one, few, many) => {
            const r = new Intl.PluralRules('ru').select(Math.abs(n));
            return r === 'one' ? one : r === 'few' ? few : many;
        },
        en: (n, one, many) => (Math.abs(n) === 1 ? one : many),
    };
    const TEXT = {
        en: {
            title: 'Loyalty console', skip: 'Skip to the content', language: 'Language', sections: 'Sections',
            'nav.customers': 'Customers', 'nav.activity': 'Activity', 'nav.programme': 'Programme', 'nav.surveys': 'Surveys',
            signout: 'Sign out', operatorShown: (n) => `Operator: ${n}`,
            'signin.title': 'Sign in', 'signin.token': "The server's admin token (--admin-token)",
            'signin.operator': 'Your name (written to the activity log with each action)', 'signin.submit': 'Sign in',
            'signin.note': 'Both are kept in this tab only (sessionStorage). A link ending in #token=… fills the token in.',
            'signin.needToken': 'Enter the admin token.', 'signin.needName': 'Enter your name: every action is logged under it.',
            'signin.badName': 'At most 100 bytes, no control characters.', 'signin.refused': 'The token was refused.',
            'signin.tokenFromLink': 'The token came with the link; enter your name to go on.',
            loading: 'Loading…', noAnswer: (m) => `The server did not answer: ${m}`, failed: (m) => `It failed: ${m}`,
            notYet: 'This server does not offer it yet (an older loyalty-server).',
            'customers.title': 'Customers', 'customers.search': 'Id, e-mail, phone or name', 'customers.find': 'Find',
            'customers.recent': 'Most recently active customers.', 'customers.found': (n, q) => `${n} found for “${q}”.`,
            'customers.none': (q) => `Nobody matches “${q}”.`,
            'col.customer': 'Customer', 'col.email': 'E-mail', 'col.phone': 'Phone', 'col.balance': 'Balance', 'col.balanceStored': 'Balance at last activity', 'col.last': 'Last activity',
            'col.since': 'Customer since', 'col.threshold': 'From', 'col.multiplier': 'Points ×', 'col.perks': 'Perks',
            'customer.back': '← All customers', 'customer.summary': 'Summary', 'customer.balance': 'Balance',
            'customer.worth': (m) => `worth ${m}`, 'customer.tier': 'Tier', 'customer.noTier': 'no tiers in this programme',
            'customer.toNext': (what, name) => `${what} more to ${name}`, 'customer.topTier': 'the highest tier',
            'customer.progress': (name) => `Progress to ${name}`,
            'customer.contacts': 'Contacts', 'customer.email': 'E-mail', 'customer.phone': 'Phone', 'customer.since': 'Customer since',
            'customer.unknown': 'not known', 'customer.expiring': 'Expiring soon',
            'customer.expiringNone': (d) => `nothing within ${d} days`,
            'customer.expiringSome': (p, d) => `${p} within ${d} days`, 'customer.nextExpiry': 'Next expiry',
            'customer.lifetime': 'Lifetime', 'customer.earned': 'earned', 'customer.redeemed': 'redeemed', 'customer.expired': 'expired',
            'customer.purchases': 'purchases',
            'customer.new': 'This customer has no events yet: a first order, bonus or offer creates them.',
            lots: 'Points by expiry (lots)', 'lots.none': 'No points to expire.', 'col.points': 'Points', 'col.earned': 'Earned',
            'col.expires': 'Expires',
            offers: 'Personal offers', 'offers.none': 'No personal offers.', 'col.offer': 'Offer', 'col.terms': 'Terms',
            'col.window': 'Valid', 'col.uses': 'Uses', 'col.status': 'Status',
            codes: 'Reward codes', 'codes.none': 'No reward codes.', 'col.code': 'Code', 'col.reward': 'Reward', 'col.created': 'Claimed',
            history: 'History', 'history.none': 'No history yet.', 'history.of': (n, total) => `the newest ${n} of ${total}`,
            'col.when': 'When', 'col.what': 'What', 'col.why': 'Why',
            audit: 'Actions on this customer', 'audit.none': 'No actions logged yet.',
            actions: 'Actions',
            'adjust.title': 'Adjust points', 'adjust.points': 'Points (+ to add, − to take off)', 'adjust.reason': 'Reason (the customer sees it in their history)',
            'adjust.submit': 'Review', 'adjust.confirm': (name, p, before, after) => `${name}: ${p}. The balance goes from ${before} to ${after}.`,
            'adjust.go': 'Book the adjustment', 'adjust.done': (p, bal) => `Booked: ${p}. The balance is now ${bal}.`,
            'adjust.dup': 'Already booked by an earlier try of this submission: nothing was booked twice.',
            'adjust.needPoints': 'A whole number of points, not zero.',
            'floor.title': 'Set a tier by hand', 'floor.tier': 'Tier, at least', 'floor.none': '— none (remove the one set)',
            'floor.until': 'Until (empty: no end)', 'floor.untilWhat': 'End', 'floor.reason': 'Reason (for the audit log)',
            'floor.go': 'Set the tier', 'floor.needTier': 'Choose a tier: this customer has none set to remove.',
            'floor.confirm': (name, tier, until) => `${name} keeps at least the tier ${tier}${until ? ` until ${until}` : ', with no end'}, whatever they buy.`,
            'floor.confirmOff': (name) => `The tier set for ${name} is removed: their tier follows what they buy again.`,
            'floor.done': (tier) => `Done. The tier is now ${tier}.`, 'detail.until': (d) => `until ${d}`,
            'customer.floor': (tier, until) => `set by hand: at least ${tier}${until ? ` until ${until}` : ''}`,
            'why.tierFloor': (n) => `tier set by hand: ${n}`, 'why.tierFloorOff': 'the tier set by hand removed', 'type.tier': 'Tier set', 'action.tier': 'tier set',
            'offer.title': 'Give a personal offer', 'offer.id': 'Offer id (the same offer is given once per customer)',
            'offer.kind': 'Kind', 'kind.percent_off': 'percent off', 'kind.free_shipping': 'free delivery', 'kind.gift': 'a gift',
            'kind.points_multiplier': 'points multiplier', 'offer.percent': 'Percent off', 'offer.multiplier': 'Points ×',
            'offer.product': 'Product id', 'offer.value': (c) => `At most this much of it free (${c})`,
            'offer.name': 'Title the shopper reads (optional)', 'offer.starts': 'Starts (empty: now)', 'offer.ends': 'Ends',
            'offer.uses': 'Orders that may use it (empty: a gift once, others any number)', 'offer.reason': 'Reason (for the log)',
            'offer.zone': (z) => `Times are in the programme's zone (${z}).`,
            'offer.submit': 'Review', 'offer.go': 'Give the offer',
            'offer.confirm': (name, terms, from, to, uses) => `${name} gets ${terms}, from ${from} until ${to}${uses ? `, for ${uses}` : ''}.`,
            'offer.done': (id) => `Offer ${id} given.`, 'offer.dup': (id) => `Offer ${id} was given already with these terms: nothing changed.`,
            'offer.startsWhat': 'Start', 'offer.endsWhat': 'End', 'offer.needId': '1-64 of A-Z a-z 0-9 - _ .',
            'offer.needPercent': 'A percent from 1 to 100.', 'offer.needMultiplier': 'A multiplier from 1 to 100.',
            'offer.needProduct': 'The product the gift is.', 'offer.now': 'now',
            'uses.n': (n) => `${n} ${plural.en(n, 'order', 'orders')}`,
            'terms.percent_off': (p) => `${p} off`, 'terms.free_shipping': 'free delivery',
            'terms.gift': (pid, v) => `${pid} as a gift${v ? ` (up to ${v})` : ''}`, 'terms.points_multiplier': (m) => `points ×${m}`,
            'void.offer': 'Void…', 'void.offerGo': 'Void the offer', 'void.reason': 'Reason',
            'void.offerConfirm': (id) => `Offer ${id} stops working for later orders; orders already booked keep their discount.`,
            'void.offerDone': (id) => `Offer ${id} voided.`,
            'void.code': 'Void…', 'void.codeGo': 'Void the code',
            'void.codeConfirm': (code, p) => `Code ${code} is cancelled and its ${p} go back to the customer.`,
            'void.codeDone': (code, p) => `Code ${code} voided: ${p} returned.`, 'void.codeDup': (code) => `Code ${code} was voided already.`,
            cancel: 'Change', close: 'Cancel', needReason: 'Say why: the reason goes to the log.',
            'status.active': 'active', 'status.scheduled': 'scheduled', 'status.used_up': 'used up', 'status.ended': 'ended',
            'status.voided': 'voided', 'status.used': 'used', 'status.expired': 'expired',
            'type.purchase': 'Purchase', 'type.refund': 'Refund', 'type.redemption': 'Reward claimed', 'type.bonus': 'Bonus',
            'type.adjustment': 'Adjustment', 'type.expiry': 'Points expired',
            'col.who': 'Who', 'col.action': 'Action',
            'action.adjustment': 'points adjusted', 'action.bonus': 'bonus booked', 'action.offer_given': 'offer given',
            'action.offer_voided': 'offer voided', 'action.code_voided': 'code voided',
            'detail.returned': (p) => `${p} returned`,
            'why.category': (n) => `category ${n}`, 'why.campaign': (n) => `campaign ${n}`, 'why.tier': (n) => `tier ${n}`,
            'why.offer': (id) => `personal offer ${id}`, 'why.campaignBonus': (n) => `campaign bonus: ${n}`, 'why.bonus': (k) => `bonus: ${k}`,
            'why.excluded': (i) => `${i}: earns nothing`, 'why.refund': (m) => `refund of ${m}`, 'why.reward': (n) => `reward ${n}`,
            'why.expiry': (id) => `expired (earned with ${id})`, 'why.inactivity': (id) => `expired after days without a purchase (earned with ${id})`, 'why.rounding': 'rounding', 'why.redemption': (id) => `paid with points (${id})`, 'why.first_purchase': 'first purchase bonus',
            'why.min_order': 'below the minimum order', 'why.redeemed_returned': 'points paid with, given back', 'why.adjustment': 'adjustment',
            'date.date': 'Date', 'date.time': 'Time', 'date.dayHint': 'YYYY-MM-DD', 'date.timeHint': 'HH:MM', 'date.example': '2026-12-05',
            'date.needBoth': (w, f) => `${w}: enter the date (${f}) and the time (HH:MM).`,
            'date.needDate': (w, f) => `${w}: enter the date too (${f}).`,
            'date.needTime': (w) => `${w}: enter the time too (HH:MM, 24-hour, for example 09:30).`,
            'date.noDay': (w, x) => `${w}: there is no day ${x} in the calendar.`,
            'date.badDate': (w, x, f, ex) => `${w}: “${x}” is not a date; write it as ${f}, for example ${ex}.`,
            'date.badTime': (w, x) => `${w}: “${x}” is not a time; write it as HH:MM, 24-hour, for example 09:30.`,
            pts: (n) => `${fmtInt(n)} ${plural.en(n, 'point', 'points')}`,
        },
        ru: {
            title: 'Консоль программы лояльности', skip: 'К содержимому', language: 'Язык', sections: 'Разделы',
            'nav.customers': 'Покупатели', 'nav.activity': 'Журнал', 'nav.programme': 'Программа', 'nav.surveys': 'Опросы',
            signout: 'Выйти', operatorShown: (n) => `Оператор: ${n}`,
            'signin.title': 'Вход', 'signin.token': 'Токен администратора сервера (--admin-token)',
            'signin.operator': 'Ваше имя (записывается в журнал с каждым действием)', 'signin.submit': 'Войти',
            'signin.note': 'Оба хранятся только в этой вкладке (sessionStorage). Ссылка с #token=… подставляет токен.',
            'signin.needToken': 'Введите токен администратора.', 'signin.needName': 'Введите имя: под ним записывается каждое действие.',
            'signin.badName': 'Не больше 100 байт, без управляющих символов.', 'signin.refused': 'Сервер не принял токен.',
            'signin.tokenFromLink': 'Токен пришёл со ссылкой; введите имя, чтобы продолжить.',
            loading: 'Загрузка…', noAnswer: (m) => `Сервер не ответил: ${m}`, failed: (m) => `Не получилось: ${m}`,
            notYet: 'Этот сервер этого пока не умеет (старая версия loyalty-server).',
            'customers.title': 'Покупатели', 'customers.search': 'Id, e-mail, телефон или имя', 'customers.find': 'Найти',
            'customers.recent': 'Недавно активные покупатели.', 'customers.found': (n, q) => `Найдено по «${q}»: ${n}.`,
            'customers.none': (q) => `По «${q}» никого не нашлось.`,
            'col.customer': 'Покупатель', 'col.email': 'E-mail', 'col.phone': 'Телефон', 'col.balance': 'Баланс', 'col.balanceStored': 'Баланс на последнюю активность', 'col.last': 'Последняя активность',
            'col.since': 'Покупатель с', 'col.threshold': 'От', 'col.multiplier': 'Баллы ×', 'col.perks': 'Привилегии',
            'customer.back': '← Все покупатели', 'customer.summary': 'Сводка', 'customer.balance': 'Баланс',
            'customer.worth': (m) => `это ${m}`, 'customer.tier': 'Уровень', 'customer.noTier': 'в программе нет уровней',
            'customer.toNext': (what, name) => `ещё ${what} до уровня «${name}»`, 'customer.topTier': 'высший уровень',
            'customer.progress': (name) => `Прогресс до уровня «${name}»`,
            'customer.contacts': 'Контакты', 'customer.email': 'E-mail', 'customer.phone': 'Телефон', 'customer.since': 'Покупатель с',
            'customer.unknown': 'неизвестно', 'customer.expiring': 'Скоро сгорят',
            'customer.expiringNone': (d) => `ничего в ближайшие ${d} дн.`,
            'customer.expiringSome': (p, d) => `${p} в ближайшие ${d} дн.`, 'customer.nextExpiry': 'Ближайшее сгорание',
            'customer.lifetime': 'За всё время', 'customer.earned': 'начислено', 'customer.redeemed': 'потрачено', 'customer.expired': 'сгорело',
            'customer.purchases': 'покупок',
            'customer.new': 'У покупателя пока нет событий: их создаст первый заказ, бонус или предложение.',
            lots: 'Баллы по сроку сгорания', 'lots.none': 'Сгорать нечему.', 'col.points': 'Баллы', 'col.earned': 'Начислены',
            'col.expires': 'Сгорают',
            offers: 'Персональные предложения', 'offers.none': 'Персональных предложений нет.', 'col.offer': 'Предложение', 'col.terms': 'Условия',
            'col.window': 'Действует', 'col.uses': 'Использований', 'col.status': 'Статус',
            codes: 'Коды наград', 'codes.none': 'Кодов нет.', 'col.code': 'Код', 'col.reward': 'Награда', 'col.created': 'Получен',
            history: 'История', 'history.none': 'Истории пока нет.', 'history.of': (n, total) => `последние ${n} из ${total}`,
            'col.when': 'Когда', 'col.what': 'Что', 'col.why': 'Почему',
            audit: 'Действия с покупателем', 'audit.none': 'Действий пока не было.',
            actions: 'Действия',
            'adjust.title': 'Начислить или списать баллы', 'adjust.points': 'Баллы (+ начислить, − списать)', 'adjust.reason': 'Причина (покупатель увидит её в истории)',
            'adjust.submit': 'Проверить', 'adjust.confirm': (name, p, before, after) => `${name}: ${p}. Баланс изменится с ${before} на ${after}.`,
            'adjust.go': 'Провести', 'adjust.done': (p, bal) => `Проведено: ${p}. Баланс теперь ${bal}.`,
            'adjust.dup': 'Уже проведено прошлой попыткой этой же отправки: дважды ничего не начислено.',
            'adjust.needPoints': 'Целое число баллов, не ноль.',
            'floor.title': 'Назначить уровень', 'floor.tier': 'Уровень, не ниже', 'floor.none': '— нет (снять назначенный)',
            'floor.until': 'До (пусто — бессрочно)', 'floor.untilWhat': 'Конец', 'floor.reason': 'Причина (для журнала действий)',
            'floor.go': 'Назначить', 'floor.needTier': 'Выберите уровень: у покупателя нет назначенного, снимать нечего.',
            'floor.confirm': (name, tier, until) => `У покупателя ${name} уровень будет не ниже «${tier}»${until ? ` до ${until}` : ' бессрочно'}, что бы он ни покупал.`,
            'floor.confirmOff': (name) => `Назначенный покупателю ${name} уровень снимается: уровень снова зависит от покупок.`,
            'floor.done': (tier) => `Готово. Уровень теперь «${tier}».`, 'detail.until': (d) => `до ${d}`,
            'customer.floor': (tier, until) => `назначен вручную: не ниже «${tier}»${until ? ` до ${until}` : ''}`,
            'why.tierFloor': (n) => `назначен уровень ${n}`, 'why.tierFloorOff': 'назначенный уровень снят', 'type.tier': 'Назначение уровня', 'action.tier': 'назначен уровень',
            'offer.title': 'Дать персональное предложение', 'offer.id': 'Id предложения (одно предложение — раз на покупателя)',
            'offer.kind': 'Вид', 'kind.percent_off': 'скидка в процентах', 'kind.free_shipping': 'бесплатная доставка', 'kind.gift': 'подарок',
            'kind.points_multiplier': 'множитель баллов', 'offer.percent': 'Скидка, %', 'offer.multiplier': 'Баллы ×',
            'offer.product': 'Id товара', 'offer.value': (c) => `Бесплатно не больше чем на (${c})`,
            'offer.name': 'Заголовок для покупателя (необязательно)', 'offer.starts': 'Начало (пусто — сейчас)', 'offer.ends': 'Конец',
            'offer.uses': 'Сколько заказов могут его использовать (пусто — подарок один раз, прочие без ограничений)', 'offer.reason': 'Причина (для журнала)',
            'offer.zone': (z) => `Время — в часовом поясе программы (${z}).`,
            'offer.submit': 'Проверить', 'offer.go': 'Дать предложение',
            'offer.confirm': (name, terms, from, to, uses) => `${name} получит: ${terms}, с ${from} до ${to}${uses ? `, на ${uses}` : ''}.`,
            'offer.done': (id) => `Предложение ${id} выдано.`, 'offer.dup': (id) => `Предложение ${id} уже было выдано с этими условиями: ничего не изменилось.`,
            'offer.startsWhat': 'Начало', 'offer.endsWhat': 'Конец', 'offer.needId': '1–64 символа из A-Z a-z 0-9 - _ .',
            'offer.needPercent': 'Процент от 1 до 100.', 'offer.needMultiplier': 'Множитель от 1 до 100.',
            'offer.needProduct': 'Какой товар дарим.', 'offer.now': 'сейчас',
            'uses.n': (n) => `${n} ${plural.ru(n, 'заказ', 'заказа', 'заказов')}`,
            'terms.percent_off': (p) => `скидка ${p}`, 'terms.free_shipping': 'бесплатная доставка',
            'terms.gift': (pid, v) => `${pid} в подарок${v ? ` (до ${v})` : ''}`, 'terms.points_multiplier': (m) => `баллы ×${m}`,
            'void.offer': 'Отменить…', 'void.offerGo': 'Отменить предложение', 'void.reason': 'Причина',
            'void.offerConfirm': (id) => `Предложение ${id} перестанет действовать для новых заказов; уже оформленные сохранят скидку.`,
            'void.offerDone': (id) => `Предложение ${id} отменено.`,
            'void.code': 'Аннулировать…', 'void.codeGo': 'Аннулировать код',
            'void.codeConfirm': (code, p) => `Код ${code} будет аннулирован, а его ${p} вернутся покупателю.`,
            'void.codeDone': (code, p) => `Код ${code} аннулирован: возвращено ${p}.`, 'void.codeDup': (code) => `Код ${code} уже был аннулирован.`,
            cancel: 'Изменить', close: 'Отмена', needReason: 'Укажите причину: она попадёт в журнал.',
            'status.active': 'действует', 'status.scheduled': 'ещё не началось', 'status.used_up': 'использовано', 'status.ended': 'закончилось',
            'status.voided': 'отменено', 'status.used': 'использован', 'status.expired': 'истёк',
            'type.purchase': 'Покупка', 'type.refund': 'Возврат', 'type.redemption': 'Получена награда', 'type.bonus': 'Бонус',
            'type.adjustment': 'Корректировка', 'type.expiry': 'Баллы сгорели',
            'col.who': 'Кто', 'col.action': 'Действие',
            'action.adjustment': 'корректировка баллов', 'action.bonus': 'бонус', 'action.offer_given': 'выдано предложение',
            'action.offer_voided': 'отменено предложение', 'action.code_voided': 'аннулирован код',
            'detail.returned': (p) => `возвращено ${p}`,
            'why.category': (n) => `категория ${n}`, 'why.campaign': (n) => `акция ${n}`, 'why.tier': (n) => `уровень ${n}`,
            'why.offer': (id) => `персональное предложение ${id}`, 'why.campaignBonus': (n) => `бонус акции: ${n}`, 'why.bonus': (k) => `бонус ${k}`,
            'why.excluded': (i) => `${i}: баллы не начисляются`, 'why.refund': (m) => `возврат ${m}`, 'why.reward': (n) => `награда ${n}`,
            'why.expiry': (id) => `сгорели (начислены за ${id})`, 'why.inactivity': (id) => `сгорели: долго не было покупок (начислены за ${id})`, 'why.rounding': 'округление', 'why.redemption': (id) => `оплата баллами (${id})`, 'why.first_purchase': 'бонус за первую покупку',
            'why.min_order': 'меньше минимального заказа', 'why.redeemed_returned': 'возвращены баллы, которыми платили', 'why.adjustment': 'корректировка',
            'date.date': 'Дата', 'date.time': 'Время', 'date.dayHint': 'ДД.ММ.ГГГГ', 'date.timeHint': 'ЧЧ:ММ', 'date.example': '05.12.2026',
            'date.needBoth': (w, f) => `${w}: укажите дату (${f}) и время (ЧЧ:ММ).`,
            'date.needDate': (w, f) => `${w}: укажите и дату (${f}).`,
            'date.needTime': (w) => `${w}: укажите и время (ЧЧ:ММ, 24 часа, например 09:30).`,
            'date.noDay': (w, x) => `${w}: дня ${x} нет в календаре.`,
            'date.badDate': (w, x, f, ex) => `${w}: «${x}» — не дата; напишите её как ${f}, например ${ex}.`,
            'date.badTime': (w, x) => `${w}: «${x}» — не время; напишите его как ЧЧ:ММ, в 24-часовом формате, например 09:30.`,
            pts: (n) => `${fmtInt(n)} ${plural.ru(n, 'балл', 'балла', 'баллов')}`,
        },
    };
    let lang = 'en';
    function t(key, ...args) {
        const v = TEXT[lang][key] !== undefined ? TEXT[lang][key] : TEXT.en[key];
        if (v === undefined) return key;
        return typeof v === 'function' ? v(...args) : v;
    }
    const locale = () => (lang === 'ru' ? 'ru-RU' : 'en-GB');
    const fmtInt = (n) => new Intl.NumberFormat(locale()).format(n);
    const pts = (n) => t('pts', n);
    const signedPts = (n) => (n > 0 ? '+' : n < 0 ? '−' : '') + t('pts', Math.abs(n));
    const nf = () => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 });
    const fmt = (x) => (x === null || x === undefined ? '—' : nf().format(x));
    const signed = (x) => (x === null || x === undefined ? '—' : (x > 0 ? '+' : '') + nf().format(x));

    // ---------------------------------------------------------------- state
    let program = null;  // GET /api/loyalty/program, once
    let view = null;
    let customerId = null;
    const flash = {};  // a result to show in a form after the page is drawn again: {form: text}
    const sections = {};  // the sections, each in a file of its own (console-customers.js, ...), by view name

    const token = () => sessionStorage.getItem(KEY.token) || '';
    const operator = () => sessionStorage.getItem(KEY.operator) || '';

    // ---------------------------------------------------------------- DOM helpers
    function el(tag, attrs, ...children) {
        const node = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (v === null || v === undefined || v === false) continue;
            if (k === 'text') node.textContent = v;
            else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
            else node.setAttribute(k, v === true ? '' : v);
        }
        for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
        return node;
    }
    function svg(tag, attrs, text) {
        const node = document.createElementNS(SVG, tag);
        for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
        if (text !== undefined) node.textContent = text;
        return node;
    }
    function status(text, error) {
        $('status').textContent = text || '';
        $('status').className = error ? 'error' : '';
    }
    let uid = 0;
    const nextId = (p) => `${p}-${++uid}`;

    // ---------------------------------------------------------------- money, dates
    function money(minor) {
        if (minor === null || minor === undefined) return '—';
        const currency = (program && program.currency) || 'RUB';
        const digits = minorDigits();
        return new Intl.NumberFormat(locale(), { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 0, maximumFractionDigits: digits })
            .format(minor / 10 ** digits);
    }
    function minorDigits() {
        const currency = (program && program.currency) || 'RUB';
        return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    }
    /** The programme's zone as "+03:00" (UTC: "+00:00"). */
    function zone() {
        const z = (program && program.timezone) || 'UTC';
        return /^[+-]\d\d:\d\d$/.test(z) ? z : '+00:00';
    }
    const zoneSeconds = () => {
        const m = /^([+-])(\d\d):(\d\d)$/.exec(zone());
        return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
    };
    /** An instant the server wrote in the programme's zone, shown as that wall clock (the
     *  viewer's own zone could move it). Dates alone are shown as dates. */
    function when(iso, withTime = true) {
        if (!iso) return '—';
        const local = String(iso).slice(0, 19);
        if (local.length < 19) return new Date(local.slice(0, 10) + 'T12:00:00Z').toLocaleDateString(locale(), { dateStyle: 'medium', timeZone: 'UTC' });
        const d = new Date(local + 'Z');
        if (Number.isNaN(d.getTime())) return String(iso);
        return withTime ? d.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
            : d.toLocaleDateString(locale(), { dateStyle: 'medium', timeZone: 'UTC' });
    }
    /** Unix seconds in the programme's zone. */
    const whenUnix = (s) => new Date((s + zoneSeconds()) * 1000).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    /** A wall clock ("2026-12-05T10:00", a dateTimeField's value) as an instant in the programme's zone. */
    const isoFromLocal = (v) => (v ? (v.length === 16 ? v + ':00' : v.slice(0, 19)) + zone() : null);
    /** The calendar day of an ISO instant in the zone it was written in (the survey charts). */
    const day = (iso) => new Date(iso.slice(0, 10) + 'T12:00:00Z').toLocaleDateString(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });

    /** A reward's name by its id (the programme's own, when no translation). */
    function rewardName(id) {
        const r = program && (program.rewards || []).find((x) => x.id === id);
        return r ? r.name : id;
    }
    /** A tier's name by its id, in this language. */
    function tierName(id) {
        const level = program && program.tiers && (program.tiers.levels || []).find((l) => l.id === id);
        return tr('tiers', id, level ? level.name : id);
    }
    /** A decimal the programme writes as text ("1.25"), in this language's way ("1,25"). */
    const dec = (x) => (/^-?\d+(\.\d+)?$/.test(String(x)) ? nf().format(Number(x)) : String(x));
    /** A name the programme translates for this language (display.translations), else its own. */
    function tr(group, id, fallback) {
        const d = program && program.display && program.display.translations && program.display.translations[lang];
        const v = d && d[group] && d[group][id];
        if (v && typeof v === 'object') return v.name || fallback;
        return v || fallback;
    }

    // ---------------------------------------------------------------- the server
    /** The operator's name as the bytes of its UTF-8 (fetch sends a header's characters as
     *  bytes 0-255; this is how a Cyrillic name arrives as UTF-8). */
    const actorHeader = () => String.fromCharCode(...new TextEncoder().encode(operator()));

    /** {status, body} of an API call; body null when it was not JSON. A refused token signs out.
     *  A string payload is sent as it is (JSON already). */
    async function api(method, path, payload) {
        const headers = { Authorization: 'Bearer ' + token(), Accept: 'application/json', 'X-Loyalty-Actor': actorHeader() };
        if (payload !== undefined) headers['Content-Type'] = 'application/json';
        let r;
        try {
            r = await fetch(path, { method, headers, body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload), cache: 'no-store' });
        } catch (e) {
            return { status: 0, body: null, error: t('noAnswer', e.message) };
        }
        const body = await r.json().catch(() => null);
        if (r.status === 401) {
            sessionStorage.removeItem(KEY.token);
            showSignin(errorText(body) || t('signin.refused'), 'token');
            throw new SignedOut();
        }
        return { status: r.status, body, ok: r.ok && body && body.ok !== false };
    }
    class SignedOut extends Error {}
    const errorText = (body, status) =>
        (body && body.errors && body.errors.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ')) || (status ? 'HTTP ' + status : '');
    const failure = (r) => (r.status === 0 ? r.error : r.status === 404 && !(r.body && r.body.errors) ? t('notYet') : t('failed', errorText(r.body, r.status)));


    // ---------------------------------------------------------------- sign-in
    function takeFromHash() {
        const h = location.hash;
        const m = /(?:^#|&)token=([^&]+)/.exec(h);
        if (!m) return;
        sessionStorage.setItem(KEY.token, decodeURIComponent(m[1]));
        const o = /(?:^#|&)operator=([^&]+)/.exec(h);
        if (o) sessionStorage.setItem(KEY.operator, decodeURIComponent(o[1]));
        // Out of the address bar (and the history) at once.
        history.replaceState(null, '', location.pathname + location.search);
    }
    function operatorProblem(name) {
        if (!name) return t('signin.needName');
        if (new TextEncoder().encode(name).length > 100 || /[\u0000-\u001f\u007f-\u009f]/.test(name)) return t('signin.badName');
        return '';
    }
    function showSignin(message, field) {
        view = null;
        for (const v of document.querySelectorAll('.view')) v.hidden = true;
        $('signin').hidden = false;
        $('nav').hidden = true;
        $('signout').hidden = true;
        $('operator-shown').hidden = true;
        $('token').value = token();
        $('operator').value = operator();
        setFieldError($('token'), field === 'token' ? message : '');
        setFieldError($('operator'), field === 'operator' ? message : '');
        status(field === 'token' || field === 'operator' ? '' : message || '', false);
        document.body.dataset.loaded = 'false';
        (token() && field !== 'token' ? $('operator') : $('token')).focus();
    }
    async function signIn(e) {
        e.preventDefault();
        const tok = $('token').value.trim();
        const name = $('operator').value.trim();
        setFieldError($('token'), tok ? '' : t('signin.needToken'));
        setFieldError($('operator'), operatorProblem(name));
        if (!tok) return $('token').focus();
        if (operatorProblem(name)) return $('operator').focus();
        sessionStorage.setItem(KEY.token, tok);
        sessionStorage.setItem(KEY.operator, name);
        // The token is checked on a cheap admin call; a refused one comes back to this form.
        try {
            const r = await api('GET', '/api/admin/audit?limit=1');
            if (r.status === 400 && r.body && r.body.errors && r.body.errors.some((x) => /actor/i.test(x.path + x.message))) {
                return setFieldError($('operator'), errorText(r.body), true);
            }
        } catch (err) {
            if (err instanceof SignedOut) return;
            throw err;
        }
        start();
    }
    function signOut() {
        sessionStorage.removeItem(KEY.token);
        sessionStorage.removeItem(KEY.operator);
        showSignin('');
    }

    // ---------------------------------------------------------------- routing
    function route() {
        const h = decodeURIComponent(location.hash.slice(1));
        if (h.startsWith('customer/')) return { view: 'customer', id: h.slice('customer/'.length) };
        if (['customers', 'activity', 'programme', 'surveys'].includes(h) || sections[h]) return { view: h };
        return { view: location.pathname.replace(/\/$/, '') === '/admin/surveys' ? 'surveys' : 'customers' };
    }
    async function start() {
        if (!token() || !operator()) return showSignin(token() ? t('signin.tokenFromLink') : '', token() ? 'operator-note' : null);
        $('signin').hidden = true;
        $('nav').hidden = false;
        $('signout').hidden = false;
        $('operator-shown').hidden = false;
        $('operator-shown').textContent = t('operatorShown', operator());
        if (!program) await loadProgram();
        await show(route(), false);
    }
    async function show(where, focus = true) {
        view = where.view;
        customerId = where.id || null;
        for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + view;
        for (const a of document.querySelectorAll('#nav a')) {
            const current = a.dataset.view === view || (view === 'customer' && a.dataset.view === 'customers');
            if (current) a.setAttribute('aria-current', 'page');
            else a.removeAttribute('aria-current');
        }
        document.title = `${view === 'customer' ? customerId : t('nav.' + view)} · ${t('title')}`;
        status('');
        document.body.dataset.loaded = 'false';
        try {
            if (sections[view]) await sections[view].show(where);
        } catch (err) {
            if (err instanceof SignedOut) return;
            status(t('failed', err.message), true);
            throw err;
        }
        if (focus) {
            const h = document.querySelector(`#view-${view} h1`);
            if (h) h.focus();
        }
    }
    async function loadProgram() {
        try {
            const r = await fetch('/api/loyalty/program', { headers: { Accept: 'application/json' } });
            program = await r.json();
        } catch {
            program = null;
        }
        $('programme-name').textContent = programmeName();
    }
    function programmeName() {
        const d = program && program.display && program.display.translations && program.display.translations[lang];
        return (d && d.name) || (program && program.name) || '';
    }

    // ---------------------------------------------------------------- field errors
    function setFieldError(input, message, focus) {
        const id = (input.getAttribute('aria-describedby') || '').split(' ').pop();  // the error comes last
        const p = id ? $(id) : null;
        if (p) p.textContent = message || '';
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        if (message && focus) input.focus();
    }
    /** A labelled field: {wrap, input}. */
    function field(label, input, note) {
        const id = nextId('f');
        input.id = id;
        input.setAttribute('aria-describedby', id + '-error');
        const wrap = el('div', { class: 'field' }, el('label', { for: id }, label), input);
        if (note) wrap.append(el('p', { class: 'muted note' }, note));
        wrap.append(el('p', { class: 'error', id: id + '-error' }));
        return { wrap, input };
    }
    // ---------------------------------------------------------------- dates typed in the console's language
    // A date and time the operator types, on the programme's clock. Not <input type=datetime-local>:
    // the browser draws that in its own locale (mm/dd/yyyy on an English Chrome), whatever the
    // console's language. Russian writes the day first (05.12.2026), English the ISO order
    // (2026-12-05), which no reader takes for another day; the ISO form is taken in both. The time
    // is 24-hour (09:30).
    const DAY_FORM = {
        ru: { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, ymd: [3, 2, 1] },
        en: { re: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, ymd: [1, 2, 3] },
    };
    const pad2 = (n) => String(n).padStart(2, '0');
    /** What was typed as a day (the language's form or ISO): {day: "2026-12-05"}, {noDay: true}
     *  when it has the form but the calendar has no such day (31.02.2026), or null. */
    function readDay(text) {
        const v = String(text).trim();
        for (const form of [DAY_FORM[lang], DAY_FORM.en]) {
            const m = form.re.exec(v);
            if (!m) continue;
            const [y, mo, d] = form.ymd.map((i) => Number(m[i]));
            const date = new Date(Date.UTC(y, mo - 1, d));
            if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return { noDay: true };
            return { day: `${y}-${pad2(mo)}-${pad2(d)}` };
        }
        return null;
    }
    /** "2026-12-05" from what was typed, or null: not a day. */
    const parseDay = (text) => (readDay(text) || {}).day || null;
    /** "09:30" from "9:30" or "09:30", or null. */
    function parseTime(text) {
        const m = /^(\d{1,2}):(\d{2})$/.exec(String(text).trim());
        return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? `${pad2(m[1])}:${m[2]}` : null;
    }
    /** "2026-12-05" as this language writes it. */
    const dayText = (iso) => (lang === 'ru' ? iso.slice(0, 10).split('-').reverse().join('.') : iso.slice(0, 10));
    /** What was typed, quoted in a message: one line, not a page of it. */
    const quoted = (s) => { const v = String(s).trim().replace(/\s+/g, ' '); return v.length > 24 ? v.slice(0, 23) + '…' : v; };
    /**
     * A date field and a time field under one legend, each with its format shown, one error line
     * under both (each field's aria-describedby: its format, then the error). `what` names the
     * field in its messages ("End: there is no day 31.02.2026 in the calendar.").
     * Returns {wrap, date, time, error, value, draft, set(v), disabled, problems(), check(focus)}:
     * `value` is "2026-12-05T09:30" (for isoFromLocal), '' when both are empty, null when either
     * is not understood; `draft` is that value, or {date, time, day} as typed (day: the date as
     * read, or null) when it is null, for a redraw (another language) to put back.
     */
    function dateTimeField({ id, name = id, label, what = label, required = false, note }) {
        const errorId = id + '-error';
        // Not inputmode=numeric: a phone's digit pad has no "." or "-" or ":".
        const date = el('input', { id, name, type: 'text', autocomplete: 'off', spellcheck: 'false', size: '11', maxlength: '40',
            'aria-describedby': `${id}-date-hint ${errorId}` });
        const time = el('input', { id: id + '-time', name: name + '-time', type: 'text', autocomplete: 'off', spellcheck: 'false', size: '6', maxlength: '20',
            'aria-describedby': `${id}-time-hint ${errorId}` });
        if (required) for (const f of [date, time]) f.setAttribute('aria-required', 'true');  // checked here, not by the browser
        const error = el('p', { class: 'error', id: errorId });
        const part = (input, text, hint, hintId) => el('div', { class: 'part' }, el('label', { for: input.id }, text), input,
            el('span', { class: 'muted hint', id: hintId }, hint));
        const wrap = el('fieldset', { class: 'field datetime', id: id + '-group' }, el('legend', {}, label),
            el('div', { class: 'parts' },
                part(date, t('date.date'), t('date.dayHint'), `${id}-date-hint`),
                part(time, t('date.time'), t('date.timeHint'), `${id}-time-hint`)));
        if (note) wrap.append(el('p', { class: 'muted note' }, note));
        wrap.append(error);
        const out = {
            wrap, date, time, error,
            get value() {
                if (!date.value.trim() && !time.value.trim()) return '';
                const d = parseDay(date.value), tm = parseTime(time.value);
                return d && tm ? `${d}T${tm}` : null;
            },
            get draft() {
                const v = out.value;
                // The day read in the language it was typed in, to be shown in the next one's form.
                return v === null ? { date: date.value, time: time.value, day: parseDay(date.value) } : v;
            },
            set draft(v) {
                if (v && typeof v === 'object') {
                    date.value = v.day ? dayText(v.day) : v.date;
                    time.value = v.time;
                } else out.set(v);
            },
            /** Shows "2026-12-05T09:30" (or '') in the language's form. */
            set(v) {
                date.value = v ? dayText(v) : '';
                time.value = v ? v.slice(11, 16) : '';
            },
            set disabled(off) {
                date.disabled = time.disabled = off;
            },
            /** What is wrong, [{input, message}] (at the date, at the time, or both), [] when nothing. */
            problems() {
                const d = date.value.trim(), tm = time.value.trim();
                const form = t('date.dayHint');
                if (!d && !tm) return required ? [{ input: date, message: t('date.needBoth', what, form) }] : [];
                const wrong = [];
                const day = d ? readDay(d) : null;
                if (!d) wrong.push({ input: date, message: t('date.needDate', what, form) });
                else if (!day) wrong.push({ input: date, message: t('date.badDate', what, quoted(d), form, t('date.example')) });
                else if (day.noDay) wrong.push({ input: date, message: t('date.noDay', what, quoted(d)) });
                if (!tm) wrong.push({ input: time, message: t('date.needTime', what) });
                else if (!parseTime(tm)) wrong.push({ input: time, message: t('date.badTime', what, quoted(tm)) });
                return wrong;
            },
            /** Shows what is wrong at its parts (the first focused with `focus`); whether nothing was. */
            check(focus = false) {
                for (const f of [date, time]) f.removeAttribute('aria-invalid');
                error.textContent = '';
                const wrong = out.problems();
                const text = wrong.map((p) => p.message).join(' ');
                wrong.forEach((p, i) => setFieldError(p.input, text, focus && i === 0));
                return !wrong.length;
            },
        };
        return out;
    }

    /** A table of rows: cols [{label, cls}], cells as [node|string]. Stacks on a phone. */
    function table(cols, rows, cls) {
        return el('div', { class: 'table-wrap' }, el('table', { class: 'stack ' + (cls || '') },
            el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col', class: c.cls }, c.label)))),
            el('tbody', {}, rows.map((cells) => {
                const tr = el('tr', cells.attrs || {});
                cells.forEach((c, i) => tr.append(el('td', { class: cols[i].cls, 'data-label': cols[i].label }, c)));
                return tr;
            }))));
    }

    // ---------------------------------------------------------------- actions: the two-step form
    /**
     * A small form with a required reason: submit checks it and shows what will happen; "confirm"
     * sends it. opts: {name, title, fields: [{name, wrap, input}], read(): {values, errors},
     * describe(values), confirmLabel, send(values, attempt) -> api result, done(result, values) ->
     * text, danger, draft}. The server's errors land at the field their path names (an error's
     * `input`, when it has one, picks the input of a field that has several). `draft`, an object
     * the caller keeps, holds what was typed across redraws (a language switch draws the page
     * again) until the action is done; a field with `draft` (dateTimeField) keeps its own.
     */
    function actionForm(opts) {
        const form = el('form', { class: 'action-form', 'data-action': opts.name, novalidate: true });
        if (opts.title) form.append(el('h3', {}, opts.title));
        for (const f of opts.fields) form.append(f.wrap);
        const submit = el('button', { type: 'submit', class: opts.danger ? 'quiet' : '' }, opts.submitLabel || t('adjust.submit'));
        const confirmBox = el('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': opts.confirmLabel });
        const confirmText = el('p', { class: 'what', tabindex: '-1' });
        const go = el('button', { type: 'button', class: opts.danger ? 'danger confirm-go' : 'confirm-go' }, opts.confirmLabel);
        const back = el('button', { type: 'button', class: 'quiet' }, t('cancel'));
        confirmBox.append(confirmText, el('div', { class: 'row' }, go, back));
        const extra = opts.extraButtons || [];
        const result = el('p', { class: 'result', role: 'status', tabindex: '-1' });
        const formError = el('p', { class: 'error form-error', role: 'alert' });
        form.append(el('div', { class: 'row' }, submit, ...extra), confirmBox, formError, result);
        let pending = null;  // {key, attempt}: the id of this submission, kept for its retries
        let values = null;
        const byName = (n) => opts.fields.find((f) => f.name === n);
        const kept = opts.draft;
        if (kept) {
            for (const f of opts.fields) {
                if (!(f.name in kept)) continue;
                if (f.field) f.field.draft = kept[f.name];
                else f.input.value = kept[f.name];
                if (f.input.tagName === 'SELECT') f.input.dispatchEvent(new Event('change'));
            }
            const keep = () => {
                for (const f of opts.fields) kept[f.name] = f.field ? f.field.draft : f.input.value;
            };
            form.addEventListener('input', keep);
            form.addEventListener('change', keep);
        }
        function clear() {
            for (const f of opts.fields) for (const i of f.inputs || [f.input]) setFieldError(i, '');
            formError.textContent = '';
        }
        function showErrors(errors) {
            let first = null;
            for (const e of errors) {
                const name = String(e.path || '').split('/')[1] || '';
                const f = byName(name) || (opts.alias && byName(opts.alias[name]));
                if (f) {
                    const input = e.input || f.input;
                    // A second error of the field (or of another input sharing its error line) is added.
                    const line = $((input.getAttribute('aria-describedby') || '').split(' ').pop());
                    const said = line ? line.textContent : '';
                    const msg = said ? said + (/[.!?]$/.test(said) ? ' ' : '; ') + e.message : e.message;
                    setFieldError(input, msg);
                    first = first || input;
                } else {
                    formError.textContent += (formError.textContent ? '; ' : '') + (e.path ? e.path + ': ' : '') + e.message;
                }
            }
            if (first) first.focus();
        }
        form.addEventListener('input', () => {
            confirmBox.hidden = true;
        });
        form.addEventListener('submit', (e) => {
            e.preventDefault();
            clear();
            result.textContent = '';
            result.className = 'result';
            const read = opts.read();
            if (read.errors.length) {
                confirmBox.hidden = true;
                return showErrors(read.errors);
            }
            values = read.values;
            confirmText.textContent = opts.describe(values);
            confirmBox.hidden = false;
            go.focus();
        });
        back.addEventListener('click', () => {
            confirmBox.hidden = true;
            submit.focus();
        });
        go.addEventListener('click', async () => {
            const key = JSON.stringify(values);
            if (!pending || pending.key !== key) pending = { key, attempt: randomId() };
            go.disabled = true;
            submit.disabled = true;
            let r;
            try {
                r = await opts.send(values, pending.attempt);
            } catch (err) {
                if (err instanceof SignedOut) return;
                throw err;
            } finally {
                go.disabled = false;
                submit.disabled = false;
            }
            confirmBox.hidden = true;
            if (r.ok) {
                pending = null;
                if (kept) for (const k of Object.keys(kept)) delete kept[k];
                flash[opts.name] = { text: opts.done(r, values), ok: true };
                return opts.after ? opts.after() : null;
            }
            if (r.status === 0) {
                // No answer: the same submission keeps its id, so a retry books it once.
                formError.textContent = r.error;
                return;
            }
            const errors = (r.body && r.body.errors) || [{ path: '', message: 'HTTP ' + r.status }];
            showErrors(errors);
        });
        const f = flash[opts.name];
        if (f) {
            result.textContent = f.text;
            result.className = 'result ' + (f.ok ? 'ok' : 'bad');
            delete flash[opts.name];
            requestAnimationFrame(() => result.focus());
        }
        return form;
    }
    function randomId() {
        const b = crypto.getRandomValues(new Uint8Array(9));
        return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    }
    const reasonField = (label) => {
        const f = field(label || t('void.reason'), el('textarea', { name: 'reason', maxlength: '500', required: true, rows: '2' }));
        return { name: 'reason', ...f };
    };
    const inputField = (name, label, attrs, note) => ({ name, ...field(label, el('input', { name, ...attrs }), note) });

    // ---------------------------------------------------------------- the audit log
    function terms(o) {
        if (o.kind === 'percent_off') return t('terms.percent_off', o.percent);
        if (o.kind === 'free_shipping') return t('terms.free_shipping');
        if (o.kind === 'gift') return t('terms.gift', o.product_id, o.value ? money(o.value) : '');
        if (o.kind === 'points_multiplier') return t('terms.points_multiplier', dec(o.multiplier));
        return o.kind;
    }
    function detailText(e) {
        let d = e.detail;
        if (typeof d === 'string') {
            try {
                d = JSON.parse(d);
            } catch {
                return d;
            }
        }
        if (!d || typeof d !== 'object') return '';
        const parts = [];
        if (sections.programme && e.action === 'program_version') {
            parts.push(sections.programme.auditDetail(d));
        } else if (e.action === 'adjustment' || e.action === 'bonus') {
            if (d.kind) parts.push(t('bonus.' + d.kind) === 'bonus.' + d.kind ? d.kind : t('bonus.' + d.kind));
            if (typeof d.points === 'number') parts.push(signedPts(d.points));
        } else if (e.action === 'tier') {
            parts.push(d.tier_id ? t('why.tierFloor', tierName(d.tier_id)) : t('why.tierFloorOff'));
            if (d.until) parts.push(t('detail.until', when(d.until)));
        } else if (e.action === 'code_voided') {
            if (d.reward_id) parts.push(tr('rewards', d.reward_id, rewardName(d.reward_id)));
            if (typeof d.returned === 'number') parts.push(t('detail.returned', pts(d.returned)));
        } else if (d.kind) {
            parts.push(terms(d));
            if (d.title) parts.push(lang === 'ru' ? `«${d.title}»` : `“${d.title}”`);
            if (d.ends) parts.push('→ ' + when(d.ends));
        }
        return parts.join(' · ');
    }
    function auditTable(entries, withCustomer) {
        const cols = [{ label: t('col.when') }, { label: t('col.who') }];
        if (withCustomer) cols.push({ label: t('col.customer') });
        cols.push({ label: t('col.action') }, { label: t('col.what') }, { label: t('col.why') });
        return table(cols, entries.map((e) => {
            const row = [typeof e.at === 'number' ? whenUnix(e.at) : when(e.at), el('span', { class: 'actor' }, e.actor || '—')];
            if (withCustomer) row.push(e.customer_id ? el('a', { href: '#customer/' + encodeURIComponent(e.customer_id) }, e.customer_id) : '—');
            row.push(t('action.' + e.action), el('span', {}, e.target ? el('code', {}, e.target) : null, el('span', { class: 'sub' }, detailText(e))), e.reason || '—');
            row.attrs = { 'data-seq': e.seq, 'data-action': e.action };
            return row;
        }), 'audit');
    }
    // ---------------------------------------------------------------- sections in other files
    /** A section's file (loaded after this one, before DOMContentLoaded) registers its view and
     *  texts here and gets the helpers it shares with the rest of the console: {texts, show(where)
     *  (where: {view, id}), init() (once, at DOMContentLoaded, before the first view), auditDetail}.
     *  One file may register several views (console-customers.js: the list and a customer). */
    window.LoyaltyConsole = {
        register(name, section) {
            sections[name] = section;
            for (const l of Object.keys(TEXT)) Object.assign(TEXT[l], (section.texts || {})[l]);
        },
        $, el, svg, t, api, SignedOut, status, failure, errorText, when, whenUnix, day, zone, zoneSeconds, isoFromLocal, money,
        minorDigits, pts, signedPts, dec, nf, fmt, signed, fmtInt, token, rewardName, tierName, tr, terms,
        field, setFieldError, dateTimeField, table, nextId, randomId, actionForm, reasonField, inputField, flash, auditTable,
        lang: () => lang, locale, program: () => program, loadProgram, programmeName,
        view: () => view, customerId: () => customerId,
        loaded: () => { document.body.dataset.loaded = 'true'; },
    };

    // ---------------------------------------------------------------- language
    function applyLanguage(next) {
        lang = next;
        document.documentElement.lang = lang;
        $('lang').value = lang;
        for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
        for (const node of document.querySelectorAll('[data-t-label]')) node.setAttribute('aria-label', t(node.dataset.tLabel));
        $('programme-name').textContent = programmeName();
        if (operator()) $('operator-shown').textContent = t('operatorShown', operator());
    }

    document.addEventListener('DOMContentLoaded', () => {
        const stored = localStorage.getItem(KEY.lang);
        applyLanguage(stored === 'ru' || stored === 'en' ? stored : /^ru\b/i.test(navigator.language || '') ? 'ru' : 'en');
        // The survey dashboard's token, from before the console, still signs in.
        if (!token() && sessionStorage.getItem(OLD_TOKEN_KEY)) sessionStorage.setItem(KEY.token, sessionStorage.getItem(OLD_TOKEN_KEY));
        takeFromHash();
        $('token-form').addEventListener('submit', signIn);
        $('signout').addEventListener('click', signOut);
        $('lang').addEventListener('change', () => {
            localStorage.setItem(KEY.lang, $('lang').value);
            applyLanguage($('lang').value);
            if (view) show({ view, id: customerId }, false);
        });
        for (const section of Object.values(sections)) if (section.init) section.init();
        window.addEventListener('hashchange', () => {
            if (/token=/.test(location.hash)) {
                takeFromHash();
                return start();
            }
            if (token() && operator()) show(route());
        });
        start();
    });
})();
