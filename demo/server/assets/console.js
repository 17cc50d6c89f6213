// The owner's console (docs/server.md, "The owner's console"): customers and their ledgers, the
// actions an operator takes on them (adjust points, give or void a personal offer, void a code),
// the audit log, the programme in force and the survey report. Every number comes from the
// server; this file lays them out and sends the operator's actions with the admin token and the
// operator's name (X-Loyalty-Actor). No framework, no CDN, no inline script or style, no eval: it
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
            'offer.needEnds': 'When does it end?', 'offer.needId': '1-64 of A-Z a-z 0-9 - _ .',
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
            'activity.title': 'Activity', 'activity.lead': 'Every action taken in this console or through the admin API: who, when, what and why, newest first.',
            'activity.older': 'Older', 'activity.none': 'Nothing logged yet.', 'activity.end': 'That is the beginning of the log.',
            'col.who': 'Who', 'col.action': 'Action',
            'action.adjustment': 'points adjusted', 'action.bonus': 'bonus booked', 'action.offer_given': 'offer given',
            'action.offer_voided': 'offer voided', 'action.code_voided': 'code voided',
            'detail.returned': (p) => `${p} returned`,
            'surveys.title': 'Surveys', 'surveys.lead': 'NPS, CSAT and CES of the answers the widget sent, with 95% margins and the trend.',
            'surveys.period': 'Period', 'surveys.p28': 'last 4 weeks', 'surveys.p84': 'last 12 weeks', 'surveys.p182': 'last 26 weeks',
            'surveys.p365': 'last 12 months', 'surveys.by': 'Trend by', 'surveys.auto': 'automatic', 'surveys.week': 'week', 'surveys.month': 'month',
            'surveys.refresh': 'Refresh', 'surveys.meta': (p, a, b, by, at) => `Program ${p} · ${a} – ${b} · by ${by} · updated ${at}`,
            'surveys.none': 'The program has no surveys (program.json → "surveys").',
            'surveys.refused': (m) => `The core refused these answers: ${m}`, 'surveys.noAnswers': 'no answers',
            'kind.nps': 'Net Promoter Score', 'kind.csat': 'Customer satisfaction (CSAT)', 'kind.ces': 'Customer effort (CES)',
            'surveys.respondents': 'respondents', 'surveys.dismissed': 'dismissed', 'surveys.margin': 'margin of error (95%)',
            'surveys.interval': 'interval (95%, adjusted Wald)', 'surveys.ppd': 'promoters · passives · detractors',
            'surveys.satisfied': 'satisfied (4–5)', 'surveys.scale': 'scale',
            'surveys.trend': (by, nps) => `By ${by} (dots: score${nps ? '; whiskers: 95% interval' : ''}; grey bars: answers)`,
            'surveys.dist': 'Answers by score', 'surveys.latest': 'Latest follow-up answers', 'surveys.score': (s) => `score ${s}`,
            'surveys.trendLabel': (id) => `${id} score by period`, 'surveys.distLabel': (id) => `${id} answers by score`,
            'surveys.noPeriods': 'no periods', 'surveys.noneInPeriod': 'no answers in this period', 'surveys.noneYet': 'no answers yet',
            'why.category': (n) => `category ${n}`, 'why.campaign': (n) => `campaign ${n}`, 'why.tier': (n) => `tier ${n}`,
            'why.offer': (id) => `personal offer ${id}`, 'why.campaignBonus': (n) => `campaign bonus: ${n}`, 'why.bonus': (k) => `bonus: ${k}`,
            'why.excluded': (i) => `${i}: earns nothing`, 'why.refund': (m) => `refund of ${m}`, 'why.reward': (n) => `reward ${n}`,
            'why.expiry': (id) => `expired (earned with ${id})`, 'why.rounding': 'rounding', 'why.redemption': (id) => `paid with points (${id})`, 'why.first_purchase': 'first purchase bonus',
            'why.min_order': 'below the minimum order', 'why.redeemed_returned': 'points paid with, given back', 'why.adjustment': 'adjustment',
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
            'offer.needEnds': 'Когда оно заканчивается?', 'offer.needId': '1–64 символа из A-Z a-z 0-9 - _ .',
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
            'activity.title': 'Журнал', 'activity.lead': 'Все действия в консоли и через API администратора: кто, когда, что и почему, сначала новые.',
            'activity.older': 'Раньше', 'activity.none': 'В журнале пока пусто.', 'activity.end': 'Это начало журнала.',
            'col.who': 'Кто', 'col.action': 'Действие',
            'action.adjustment': 'корректировка баллов', 'action.bonus': 'бонус', 'action.offer_given': 'выдано предложение',
            'action.offer_voided': 'отменено предложение', 'action.code_voided': 'аннулирован код',
            'detail.returned': (p) => `возвращено ${p}`,
            'surveys.title': 'Опросы', 'surveys.lead': 'NPS, CSAT и CES по ответам из виджета, с 95-процентной погрешностью и динамикой.',
            'surveys.period': 'Период', 'surveys.p28': 'последние 4 недели', 'surveys.p84': 'последние 12 недель', 'surveys.p182': 'последние 26 недель',
            'surveys.p365': 'последние 12 месяцев', 'surveys.by': 'Динамика по', 'surveys.auto': 'автоматически', 'surveys.week': 'неделям', 'surveys.month': 'месяцам',
            'surveys.refresh': 'Обновить', 'surveys.meta': (p, a, b, by, at) => `Программа ${p} · ${a} – ${b} · по ${by === 'week' ? 'неделям' : by === 'month' ? 'месяцам' : by} · обновлено ${at}`,
            'surveys.none': 'В программе нет опросов (program.json → "surveys").',
            'surveys.refused': (m) => `Ядро не приняло эти ответы: ${m}`, 'surveys.noAnswers': 'нет ответов',
            'kind.nps': 'Индекс лояльности (NPS)', 'kind.csat': 'Удовлетворённость (CSAT)', 'kind.ces': 'Усилия клиента (CES)',
            'surveys.respondents': 'ответили', 'surveys.dismissed': 'закрыли', 'surveys.margin': 'погрешность (95%)',
            'surveys.interval': 'интервал (95%, скорр. Вальд)', 'surveys.ppd': 'промоутеры · нейтралы · критики',
            'surveys.satisfied': 'довольны (4–5)', 'surveys.scale': 'шкала',
            'surveys.trend': (by, nps) => `По ${by === 'week' ? 'неделям' : by === 'month' ? 'месяцам' : by} (точки: оценка${nps ? '; усы: 95% интервал' : ''}; серые столбцы: ответы)`,
            'surveys.dist': 'Ответы по оценкам', 'surveys.latest': 'Последние развёрнутые ответы', 'surveys.score': (s) => `оценка ${s}`,
            'surveys.trendLabel': (id) => `${id}: оценка по периодам`, 'surveys.distLabel': (id) => `${id}: ответы по оценкам`,
            'surveys.noPeriods': 'нет периодов', 'surveys.noneInPeriod': 'нет ответов за период', 'surveys.noneYet': 'ответов пока нет',
            'why.category': (n) => `категория ${n}`, 'why.campaign': (n) => `акция ${n}`, 'why.tier': (n) => `уровень ${n}`,
            'why.offer': (id) => `персональное предложение ${id}`, 'why.campaignBonus': (n) => `бонус акции: ${n}`, 'why.bonus': (k) => `бонус ${k}`,
            'why.excluded': (i) => `${i}: баллы не начисляются`, 'why.refund': (m) => `возврат ${m}`, 'why.reward': (n) => `награда ${n}`,
            'why.expiry': (id) => `сгорели (начислены за ${id})`, 'why.rounding': 'округление', 'why.redemption': (id) => `оплата баллами (${id})`, 'why.first_purchase': 'бонус за первую покупку',
            'why.min_order': 'меньше минимального заказа', 'why.redeemed_returned': 'возвращены баллы, которыми платили', 'why.adjustment': 'корректировка',
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
    let serverNow = null;  // the survey report's clock
    let activityNext = null;
    const flash = {};  // a result to show in a form after the page is drawn again: {form: text}
    const sections = {};  // sections in files of their own (console-programme.js), by view name

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
    /** A datetime-local value ("2026-12-05T10:00") as an instant in the programme's zone. */
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
            if (view === 'customers') await loadCustomers();
            else if (view === 'customer') await loadCustomer(customerId);
            else if (view === 'activity') await loadActivity(false);
            else if (sections[view]) await sections[view].show();
            else if (view === 'surveys') await loadSurveys();
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
        const id = input.getAttribute('aria-describedby');
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
     * text, danger}. The server's errors land at the field their path names.
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
        function clear() {
            for (const f of opts.fields) setFieldError(f.input, '');
            formError.textContent = '';
        }
        function showErrors(errors) {
            let first = null;
            for (const e of errors) {
                const name = String(e.path || '').split('/')[1] || '';
                const f = byName(name) || (opts.alias && byName(opts.alias[name]));
                if (f) {
                    const msg = f.input.getAttribute('aria-invalid') ? $(f.input.getAttribute('aria-describedby')).textContent + '; ' + e.message : e.message;
                    setFieldError(f.input, msg);
                    first = first || f.input;
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

    // ---------------------------------------------------------------- Customers
    async function loadCustomers() {
        const q = sessionStorage.getItem('loyalty-console-q') || '';
        $('q').value = q;
        const params = new URLSearchParams({ limit: '50' });
        if (q) params.set('q', q);
        status(t('loading'));
        const r = await api('GET', '/api/admin/customers?' + params);
        status('');
        if (!r.ok) {
            $('customer-list').replaceChildren();
            $('search-note').textContent = '';
            status(failure(r), true);
            return;
        }
        const list = r.body.customers || [];
        $('search-note').textContent = !q ? t('customers.recent') : list.length ? t('customers.found', list.length, q) : t('customers.none', q);
        const cols = [{ label: t('col.customer') }, { label: t('col.email') }, { label: t('col.phone') }, { label: t('col.balanceStored'), cls: 'num' }, { label: t('col.last') }];
        $('customer-list').replaceChildren(list.length ? table(cols, list.map((c) => {
            const row = [
                el('span', {}, el('a', { href: '#customer/' + encodeURIComponent(c.id) }, c.name || c.id), c.name ? el('span', { class: 'sub' }, c.id) : null),
                c.email || '—', c.phone || '—', c.balance === null || c.balance === undefined ? '—' : pts(c.balance), when(c.last_event_at)];
            row.attrs = { 'data-customer': c.id };
            return row;
        }), 'customers') : '');
        document.body.dataset.loaded = 'true';
    }

    // ---------------------------------------------------------------- a customer's page
    async function loadCustomer(id, again = false) {
        if (!again) {  // after an action the page stays until the new one is drawn
            $('customer-title').textContent = id;
            $('customer-body').replaceChildren();
        }
        status(t('loading'));
        const base = '/api/loyalty/customers/' + encodeURIComponent(id);
        const [doc, offers, codes, audit] = await Promise.all([
            api('GET', base + '?history_limit=100'),
            api('GET', base + '/offers'),
            api('GET', base + '/codes'),
            api('GET', '/api/admin/audit?limit=50&customer_id=' + encodeURIComponent(id)),
        ]);
        if (view !== 'customer' || customerId !== id) return;  // left meanwhile
        status('');
        if (!doc.ok) return status(failure(doc), true);
        renderCustomer(doc.body, offers, codes, audit);
        document.body.dataset.loaded = 'true';
    }
    const reload = () => loadCustomer(customerId, true).catch((err) => {
        if (!(err instanceof SignedOut)) status(t('failed', err.message), true);
    });

    function renderCustomer(doc, offers, codes, audit) {
        const c = doc.customer || {};
        const s = doc.status || {};
        const contact = doc.contact || {};
        const name = c.name || c.id;
        $('customer-title').textContent = c.name ? `${c.name}` : c.id;
        const out = [];
        if (c.name) out.push(el('p', { class: 'muted' }, c.id));
        if (!(c.events || []).length) out.push(el('p', { class: 'muted' }, t('customer.new')));

        // Summary: balance and its money, tier and progress, contacts, expiring.
        const facts = el('dl', { class: 'facts' });
        const fact = (label, value, cls) => facts.append(el('div', { class: cls }, el('dt', {}, label), el('dd', {}, value)));
        const summary = el('section', { class: 'card', 'aria-labelledby': 'sum-h' }, el('h2', { id: 'sum-h' }, t('customer.summary')));
        summary.append(el('div', { class: 'grid' },
            el('div', {},
                el('p', { class: 'label' }, t('customer.balance')),
                el('p', { class: 'big', id: 'balance', 'data-points': s.balance }, pts(s.balance || 0)),
                el('p', { class: 'muted', id: 'balance-value' }, t('customer.worth', money(s.balance_value)))),
            tierBlock(s.tier)));
        fact(t('customer.email'), contact.email || t('customer.unknown'), 'email');
        fact(t('customer.phone'), contact.phone || t('customer.unknown'), 'phone');
        // The first event may be older than the stored row (a customer imported with their past).
        const first = (c.events || []).map((e) => e.at).filter(Boolean).sort()[0];
        const since = [contact.created_at, first].filter(Boolean).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
        fact(t('customer.since'), since ? when(since, false) : t('customer.unknown'));
        const exp = s.expiring;
        if (exp) fact(t('customer.expiring'), exp.points ? t('customer.expiringSome', pts(exp.points), exp.within_days) : t('customer.expiringNone', exp.within_days), 'expiring');
        if (s.next_expiry) fact(t('customer.nextExpiry'), when(s.next_expiry, false));
        if (s.lifetime) {
            fact(t('customer.lifetime'), `${t('customer.earned')} ${fmtInt(s.lifetime.earned)} · ${t('customer.redeemed')} ${fmtInt(s.lifetime.redeemed)} · ${t('customer.expired')} ${fmtInt(s.lifetime.expired)}`);
        }
        if (s.purchases !== undefined) fact(t('customer.purchases'), fmtInt(s.purchases));
        summary.append(el('h3', {}, t('customer.contacts')), facts);
        out.push(summary);

        // Actions.
        const actions = el('section', { class: 'card', 'aria-labelledby': 'act-h' }, el('h2', { id: 'act-h' }, t('actions')));
        actions.append(el('div', { class: 'actions' }, el('div', { class: 'action' }, adjustForm(name, s.balance || 0)), el('div', { class: 'action' }, offerForm(name))));
        out.push(actions);

        // Lots.
        const lots = s.lots || [];
        out.push(el('section', { class: 'card', 'aria-labelledby': 'lots-h' }, el('h2', { id: 'lots-h' }, t('lots')),
            lots.length ? table([{ label: t('col.points'), cls: 'num' }, { label: t('col.earned') }, { label: t('col.expires') }],
                lots.map((l) => [fmtInt(l.points), when(l.earned_at, false), l.expires_at ? when(l.expires_at, false) : '—']), 'lots')
                : el('p', { class: 'empty' }, t('lots.none'))));

        // Offers.
        const offerSection = el('section', { class: 'card', id: 'offers', 'aria-labelledby': 'offers-h' }, el('h2', { id: 'offers-h' }, t('offers')));
        if (!offers.ok) offerSection.append(el('p', { class: 'error' }, failure(offers)));
        else if (!(offers.body.offers || []).length) offerSection.append(el('p', { class: 'empty' }, t('offers.none')));
        else {
            offerSection.append(table([{ label: t('col.offer') }, { label: t('col.terms') }, { label: t('col.window') }, { label: t('col.uses') }, { label: t('col.status') }],
                offers.body.offers.map((o) => {
                    const open = ['active', 'scheduled'].includes(o.status);
                    const row = [
                        el('span', {}, el('strong', {}, o.id), o.title ? el('span', { class: 'sub' }, o.title) : null),
                        terms(o), `${when(o.starts)} – ${when(o.ends)}`,
                        o.uses_limit === null || o.uses_limit === undefined ? fmtInt(o.uses || 0) : `${fmtInt(o.uses || 0)} / ${fmtInt(o.uses_limit)}`,
                        el('span', {}, el('span', { class: 'badge ' + o.status }, t('status.' + o.status)), open ? voidOfferControl(o) : null),
                    ];
                    row.attrs = { 'data-offer': o.id, 'data-status': o.status };
                    return row;
                }), 'offers'));
        }
        if (flash['void-offer']) offerSection.append(flashNote('void-offer'));
        out.push(offerSection);

        // Codes.
        const codeSection = el('section', { class: 'card', id: 'codes', 'aria-labelledby': 'codes-h' }, el('h2', { id: 'codes-h' }, t('codes')));
        if (!codes.ok) codeSection.append(el('p', { class: 'error' }, failure(codes)));
        else if (!(codes.body.codes || []).length) codeSection.append(el('p', { class: 'empty' }, t('codes.none')));
        else {
            codeSection.append(table([{ label: t('col.code') }, { label: t('col.reward') }, { label: t('col.points'), cls: 'num' }, { label: t('col.created') }, { label: t('col.expires') }, { label: t('col.status') }],
                codes.body.codes.map((k) => {
                    const row = [
                        el('code', {}, k.code), tr('rewards', k.reward_id, k.reward_name || k.reward_id), fmtInt(k.points), when(k.created_at), when(k.expires_at),
                        el('span', {}, el('span', { class: 'badge ' + k.status }, t('status.' + k.status)), k.order_id ? el('span', { class: 'sub' }, k.order_id) : null,
                            k.status === 'active' ? voidCodeControl(k) : null),
                    ];
                    row.attrs = { 'data-code': k.code, 'data-status': k.status };
                    return row;
                }), 'codes'));
        }
        if (flash['void-code']) codeSection.append(flashNote('void-code'));
        out.push(codeSection);

        // History with the "why".
        const hist = s.history || [];
        const histSection = el('section', { class: 'card', id: 'history', 'aria-labelledby': 'hist-h' },
            el('h2', { id: 'hist-h' }, t('history'), s.history_total > hist.length ? el('span', { class: 'muted' }, ' · ' + t('history.of', hist.length, s.history_total)) : null));
        histSection.append(hist.length ? table([{ label: t('col.when') }, { label: t('col.what') }, { label: t('col.points'), cls: 'num' }, { label: t('col.balance'), cls: 'num' }, { label: t('col.why') }],
            hist.map((h) => {
                const row = [when(h.at), el('span', {}, t('type.' + h.type), h.id ? el('span', { class: 'sub' }, h.id) : null),
                    el('span', { class: h.points > 0 ? 'plus' : h.points < 0 ? 'minus' : '' }, (h.points > 0 ? '+' : h.points < 0 ? '−' : '') + fmtInt(Math.abs(h.points))),
                    fmtInt(h.balance), why(h)];
                row.attrs = { 'data-type': h.type, 'data-id': h.id || '' };
                return row;
            }), 'history') : el('p', { class: 'empty' }, t('history.none')));
        out.push(histSection);

        // The customer's audit entries.
        const auditSection = el('section', { class: 'card', id: 'customer-audit', 'aria-labelledby': 'audit-h' }, el('h2', { id: 'audit-h' }, t('audit')));
        if (!audit.ok) auditSection.append(el('p', { class: 'error' }, failure(audit)));
        else if (!(audit.body.entries || []).length) auditSection.append(el('p', { class: 'empty' }, t('audit.none')));
        else auditSection.append(auditTable(audit.body.entries, false));
        out.push(auditSection);

        $('customer-body').replaceChildren(...out);
    }
    function flashNote(name) {
        const f = flash[name];
        delete flash[name];
        const p = el('p', { class: 'result ' + (f.ok ? 'ok' : 'bad'), role: 'status', tabindex: '-1' }, f.text);
        requestAnimationFrame(() => p.focus());
        return p;
    }

    function tierBlock(tier) {
        const box = el('div', { class: 'tier' }, el('p', { class: 'label' }, t('customer.tier')));
        if (!tier) return box.append(el('p', {}, t('customer.noTier'))), box;
        box.append(el('p', { class: 'big', id: 'tier' }, tr('tiers', tier.id, tier.name)));
        if (tier.next) {
            const nextName = tr('tiers', tier.next.id, tier.next.name);
            const what = tier.basis === 'spend' ? money(tier.next.remaining) : pts(tier.next.remaining);
            const label = t('customer.progress', nextName);
            box.append(el('progress', { max: '1', value: String(tier.next.fraction || 0), 'aria-label': label }),
                el('p', { class: 'muted' }, t('customer.toNext', what, nextName)));
        } else {
            box.append(el('p', { class: 'muted' }, t('customer.topTier')));
        }
        return box;
    }
    function why(h) {
        const box = el('div', {});
        if (h.reason) box.append(el('div', { class: 'reason' }, h.reason));
        const lines = (h.explanation || []).filter((x) => x.label || x.kind);
        if (lines.length) box.append(el('ul', { class: 'why' }, lines.map((x) => el('li', {}, `${lineText(x)}: ${exact(x.points)}`))));
        return box;
    }
    /** One line of the core's explanation, in words (docs/api.md, "status"). */
    function lineText(x) {
        const item = () => (x.label || '') + (x.category ? ` (${tr('categories', x.category, x.category)})` : '');
        const factor = x.factor !== undefined ? ' ×' + dec(x.factor) : '';
        switch (x.kind) {
            case 'base': return item() + (x.amount !== undefined ? ` · ${money(x.amount)}` : '');
            case 'category': return t('why.category', tr('categories', x.label, x.label)) + factor;
            case 'campaign': return t('why.campaign', tr('campaigns', x.label, x.label)) + factor;
            case 'tier': return t('why.tier', tierName(x.label)) + factor;
            case 'offer': return t('why.offer', x.label) + factor;
            case 'campaign_bonus': return t('why.campaignBonus', tr('campaigns', x.label, x.label));
            case 'bonus': return t('why.bonus', t('bonus.' + x.label));
            case 'excluded': return t('why.excluded', item());
            case 'refund': return t('why.refund', money(x.amount || 0));
            case 'reward': return t('why.reward', tr('rewards', x.label, rewardName(x.label)));
            case 'expiry': return t('why.expiry', x.label || '');
            case 'redemption': case 'redeemed_on_order': return t('why.redemption', x.label || '');
            case 'rounding': case 'first_purchase': case 'min_order': case 'redeemed_returned': case 'adjustment':
                return t('why.' + x.kind);
            default: return x.label || x.kind;
        }
    }
    /** The core's exact points ("37.50", "-859/2684"), signed, with a minus sign. */
    const exact = (p) => {
        const v = String(p);
        const neg = v.startsWith('-');
        const abs = neg ? v.slice(1) : v;
        const places = (abs.split('.')[1] || '').length;  // every digit the core wrote: "37.50"
        const shown = abs.includes('/') ? abs
            : new Intl.NumberFormat(locale(), { minimumFractionDigits: places, maximumFractionDigits: places }).format(Number(abs));
        return (neg ? '−' : /[1-9]/.test(abs) ? '+' : '') + shown;
    };
    function terms(o) {
        if (o.kind === 'percent_off') return t('terms.percent_off', o.percent);
        if (o.kind === 'free_shipping') return t('terms.free_shipping');
        if (o.kind === 'gift') return t('terms.gift', o.product_id, o.value ? money(o.value) : '');
        if (o.kind === 'points_multiplier') return t('terms.points_multiplier', dec(o.multiplier));
        return o.kind;
    }

    function adjustForm(name, balance) {
        const points = inputField('points', t('adjust.points'), { type: 'number', step: '1', inputmode: 'numeric', required: true });
        const reason = reasonField(t('adjust.reason'));
        return actionForm({
            name: 'adjust', title: t('adjust.title'), fields: [points, reason], confirmLabel: t('adjust.go'),
            read() {
                const errors = [];
                const p = Number(points.input.value);
                if (!points.input.value || !Number.isInteger(p) || p === 0) errors.push({ path: '/points', message: t('adjust.needPoints') });
                if (!reason.input.value.trim()) errors.push({ path: '/reason', message: t('needReason') });
                return { values: { points: p, reason: reason.input.value.trim() }, errors };
            },
            describe: (v) => t('adjust.confirm', name, signedPts(v.points), pts(balance), pts(balance + v.points)),
            send: (v, attempt) => api('POST', `/api/loyalty/customers/${encodeURIComponent(customerId)}/events`,
                { type: 'adjustment', id: 'console-' + attempt, points: v.points, reason: v.reason }),
            done: (r, v) => (r.body.duplicate ? t('adjust.dup') : t('adjust.done', signedPts(v.points), pts(r.body.status ? r.body.status.balance : balance + v.points))),
            after: reload,
        });
    }

    function offerForm(name) {
        const today = new Date(Date.now() + zoneSeconds() * 1000).toISOString().slice(0, 10).replace(/-/g, '');
        const id = inputField('id', t('offer.id'), { type: 'text', maxlength: '64', value: `console-${today}-${randomId().slice(0, 4)}`, spellcheck: 'false', autocomplete: 'off' });
        const kind = { name: 'kind', ...field(t('offer.kind'), el('select', { name: 'kind' },
            ['percent_off', 'free_shipping', 'gift', 'points_multiplier'].map((k) => el('option', { value: k }, t('kind.' + k))))) };
        const percent = inputField('percent', t('offer.percent'), { type: 'number', min: '1', max: '100', step: 'any', inputmode: 'decimal' });
        const multiplier = inputField('multiplier', t('offer.multiplier'), { type: 'number', min: '1', max: '100', step: 'any', inputmode: 'decimal' });
        const product = inputField('product_id', t('offer.product'), { type: 'text', autocomplete: 'off', spellcheck: 'false' });
        const value = inputField('value', t('offer.value', (program && program.currency) || ''), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
        const title = inputField('title', t('offer.name'), { type: 'text', maxlength: '200' });
        const starts = inputField('starts', t('offer.starts'), { type: 'datetime-local' });
        const ends = inputField('ends', t('offer.ends'), { type: 'datetime-local', required: true }, t('offer.zone', zone()));
        const uses = inputField('uses', t('offer.uses'), { type: 'number', min: '1', step: '1', inputmode: 'numeric' });
        const reason = reasonField(t('offer.reason'));
        const byKind = { percent_off: [percent], points_multiplier: [multiplier], gift: [product, value], free_shipping: [] };
        const sync = () => {
            for (const f of [percent, multiplier, product, value]) f.wrap.hidden = !byKind[kind.input.value].includes(f);
        };
        kind.input.addEventListener('change', sync);
        sync();
        const digits = minorDigits();
        return actionForm({
            name: 'offer', title: t('offer.title'), confirmLabel: t('offer.go'),
            fields: [id, kind, percent, multiplier, product, value, title, starts, ends, uses, reason],
            read() {
                const errors = [];
                const v = { id: id.input.value.trim(), kind: kind.input.value };
                if (!/^[A-Za-z0-9._-]{1,64}$/.test(v.id)) errors.push({ path: '/id', message: t('offer.needId') });
                if (v.kind === 'percent_off') {
                    const p = Number(percent.input.value);
                    if (!percent.input.value || !(p > 0 && p <= 100)) errors.push({ path: '/percent', message: t('offer.needPercent') });
                    v.percent = percent.input.value + '%';
                }
                if (v.kind === 'points_multiplier') {
                    const m = Number(multiplier.input.value);
                    if (!multiplier.input.value || !(m >= 1 && m <= 100)) errors.push({ path: '/multiplier', message: t('offer.needMultiplier') });
                    v.multiplier = multiplier.input.value;
                }
                if (v.kind === 'gift') {
                    v.product_id = product.input.value.trim();
                    if (!v.product_id) errors.push({ path: '/product_id', message: t('offer.needProduct') });
                    if (value.input.value) v.value = Math.round(Number(value.input.value) * 10 ** digits);
                }
                if (title.input.value.trim()) v.title = title.input.value.trim();
                if (starts.input.value) v.starts = isoFromLocal(starts.input.value);
                if (!ends.input.value) errors.push({ path: '/ends', message: t('offer.needEnds') });
                else v.ends = isoFromLocal(ends.input.value);
                if (uses.input.value) v.uses = Number(uses.input.value);
                v.reason = reason.input.value.trim();
                if (!v.reason) errors.push({ path: '/reason', message: t('needReason') });
                return { values: v, errors };
            },
            describe: (v) => t('offer.confirm', name, terms(v), v.starts ? when(v.starts) : t('offer.now'), when(v.ends), v.uses ? t('uses.n', v.uses) : ''),
            send: (v) => api('POST', `/api/loyalty/customers/${encodeURIComponent(customerId)}/offers`, v),
            done: (r, v) => (r.body.duplicate ? t('offer.dup', v.id) : t('offer.done', v.id)),
            after: reload,
        });
    }

    /** A "Void…" button that opens a small reason-and-confirm form in a row of its own under the
     *  table row it is in (the whole width, not the narrow status cell). */
    function voidControl(label, target, build) {
        const box = el('div', { class: 'inline-void' });
        const open = el('button', { type: 'button', class: 'quiet open-void', 'aria-expanded': 'false' }, label);
        let row = null;
        const closeIt = () => {
            if (row) row.remove();
            row = null;
            open.setAttribute('aria-expanded', 'false');
        };
        open.addEventListener('click', () => {
            if (row) return closeIt();
            const tr = open.closest('tr');
            const form = build(() => {
                closeIt();
                open.focus();
            });
            row = el('tr', { class: 'void-row', 'data-for': target }, el('td', { class: 'void-cell', colspan: String(tr.children.length) }, form));
            tr.after(row);
            open.setAttribute('aria-expanded', 'true');
            form.querySelector('textarea').focus();
        });
        box.append(open);
        return box;
    }
    function voidOfferControl(o) {
        return voidControl(t('void.offer'), o.id, (closeIt) => {
            const reason = reasonField(t('void.reason'));
            return actionForm({
                name: 'void-offer', fields: [reason], confirmLabel: t('void.offerGo'), danger: true,
                extraButtons: [el('button', { type: 'button', class: 'quiet', onclick: closeIt }, t('close'))],
                read: () => ({ values: { reason: reason.input.value.trim() }, errors: reason.input.value.trim() ? [] : [{ path: '/reason', message: t('needReason') }] }),
                describe: () => t('void.offerConfirm', o.id),
                send: (v) => api('POST', `/api/loyalty/customers/${encodeURIComponent(customerId)}/offers/${encodeURIComponent(o.id)}/void`, { reason: v.reason }),
                done: () => t('void.offerDone', o.id),
                after: reload,
            });
        });
    }
    function voidCodeControl(k) {
        return voidControl(t('void.code'), k.code, (closeIt) => {
            const reason = reasonField(t('void.reason'));
            return actionForm({
                name: 'void-code', fields: [reason], confirmLabel: t('void.codeGo'), danger: true,
                extraButtons: [el('button', { type: 'button', class: 'quiet', onclick: closeIt }, t('close'))],
                read: () => ({ values: { reason: reason.input.value.trim() }, errors: reason.input.value.trim() ? [] : [{ path: '/reason', message: t('needReason') }] }),
                describe: () => t('void.codeConfirm', k.code, pts(k.points)),
                send: (v) => api('POST', `/api/loyalty/codes/${encodeURIComponent(k.code)}/void`, { reason: v.reason }),
                done: (r) => (r.status === 200 && !r.body.returned ? t('void.codeDup', k.code) : t('void.codeDone', k.code, pts(r.body.returned ?? k.points))),
                after: reload,
            });
        });
    }

    // ---------------------------------------------------------------- the audit log
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
    async function loadActivity(more) {
        const params = new URLSearchParams({ limit: '50' });
        if (more && activityNext !== null) params.set('before', String(activityNext));
        status(t('loading'));
        const r = await api('GET', '/api/admin/audit?' + params);
        status('');
        if (!r.ok) {
            if (!more) $('activity-body').replaceChildren();
            $('activity-older').hidden = true;
            return status(failure(r), true);
        }
        const entries = r.body.entries || [];
        activityNext = r.body.next_before ?? null;
        if (!more) {
            $('activity-body').replaceChildren(entries.length ? auditTable(entries, true) : el('p', { class: 'empty' }, t('activity.none')));
        } else {
            const body = $('activity-body').querySelector('tbody');
            const added = auditTable(entries, true).querySelectorAll('tbody tr');
            const first = added[0];
            body.append(...added);
            if (first) {
                first.tabIndex = -1;
                first.focus();
            }
        }
        $('activity-older').hidden = activityNext === null;
        if (activityNext === null && entries.length && more) status(t('activity.end'));
        document.body.dataset.loaded = 'true';
    }

    // ---------------------------------------------------------------- Surveys (the former dashboard)
    async function loadSurveys() {
        const days = Number($('period').value);
        const q = new URLSearchParams();
        // Without "from" the server reports its last twelve weeks (the default period here).
        if (serverNow !== null && days !== 84) q.set('from', new Date(serverNow - days * 86400000).toISOString().slice(0, 19) + 'Z');
        else if (serverNow === null && days !== 84) $('period').value = '84';
        if ($('bucket').value) q.set('bucket', $('bucket').value);
        status(t('loading'));
        const r = await api('GET', '/api/admin/surveys?' + q);
        if (!r.ok) {
            $('surveys').replaceChildren();
            return status(failure(r), true);
        }
        renderSurveys(r.body);
    }
    function renderSurveys(report) {
        serverNow = Date.parse(report.now);
        $('meta').textContent = t('surveys.meta', report.program_id, day(report.from), day(report.to), report.bucket, new Date().toLocaleTimeString(locale()));
        status(report.surveys.length ? '' : t('surveys.none'));
        $('surveys').replaceChildren(...report.surveys.map((s) => surveyCard(s, report.bucket)));
        document.body.dataset.loaded = 'true';
    }
    function surveyCard(s, bucket) {
        const sum = s.summary;
        const ok = sum && sum.ok;
        const score = ok ? sum.score : null;
        const section = el('section', { class: 'survey', id: 'survey-' + s.id, 'data-survey-id': s.id, 'data-kind': s.kind,
            'data-n': ok ? sum.n : 0, 'data-score': score === null ? '' : score, 'aria-labelledby': 'title-' + s.id });
        section.append(el('header', {}, el('h2', { id: 'title-' + s.id }, s.id), el('span', { class: 'kind' }, t('kind.' + s.kind))));
        if (!ok) {
            section.append(el('p', { class: 'empty' }, t('surveys.refused', ((sum && sum.errors) || []).map((e) => e.message).join('; '))));
            return section;
        }
        const shown = score === null ? t('surveys.noAnswers') : s.kind === 'nps' ? signed(score) : s.kind === 'csat' ? fmt(score) + '%' : fmt(score);
        const facts = el('dl', { class: 'facts' });
        const fact = (label, value, cls) => facts.append(el('div', {}, el('dt', {}, label), el('dd', cls ? { class: cls } : {}, value)));
        fact(t('surveys.respondents'), fmt(sum.n), 'n');
        fact(t('surveys.dismissed'), fmt(sum.dismissed), 'dismissed');
        if (s.kind === 'nps') {
            fact(t('surveys.margin'), sum.margin_of_error === null ? '—' : '± ' + fmt(sum.margin_of_error), 'margin');
            fact(t('surveys.interval'), sum.interval ? `${signed(sum.interval.low)} … ${signed(sum.interval.high)}` : '—', 'interval');
            fact(t('surveys.ppd'), `${sum.promoters} · ${sum.passives} · ${sum.detractors}`);
        } else if (s.kind === 'csat') {
            fact(t('surveys.satisfied'), fmt(sum.satisfied));
        } else {
            fact(t('surveys.scale'), `${sum.scale.min}–${sum.scale.max}`);
        }
        section.append(el('div', { class: 'headline' }, el('span', { class: 'score' + (score === null ? ' none' : '') }, shown), facts));
        section.append(el('div', { class: 'charts' },
            el('figure', {}, el('figcaption', {}, t('surveys.trend', bucket, s.kind === 'nps')), trendChart(s)),
            el('figure', {}, el('figcaption', {}, t('surveys.dist')), distributionChart(s))));
        if (s.comments.length) {
            section.append(el('h3', { class: 'kind' }, t('surveys.latest')));
            section.append(el('ul', { class: 'comments' }, ...s.comments.map((c) =>
                el('li', {}, el('div', { class: 'when' }, `${new Date(c.at).toLocaleString(locale())} · ${t('surveys.score', c.score === null ? '—' : c.score)}${c.lang ? ' · ' + c.lang : ''}`), c.text))));
        }
        return section;
    }
    function yRange(s) {
        if (s.kind === 'nps') return [-100, 100];
        if (s.kind === 'csat') return [0, 100];
        return [s.scale.min, s.scale.max];
    }
    function trendChart(s) {
        // Drawn at about the width it gets, so its text stays readable on a phone.
        const W = Math.round(Math.max(340, Math.min(640, $('surveys').clientWidth - 40))), H = 220, L = 40, R = 10, T = 10, B = 34;
        const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('surveys.trendLabel', s.id) });
        const [lo, hi] = yRange(s);
        const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
        const n = s.trend.length;
        const step = n ? (W - L - R) / n : 0;
        const x = (i) => L + step * (i + 0.5);
        const maxAnswers = Math.max(1, ...s.trend.map((b) => b.answers));
        for (const v of [lo, (lo + hi) / 2, hi]) {
            chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 && lo < 0 ? 'zero' : 'axis' }));
            chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
        }
        let path = '';
        s.trend.forEach((b, i) => {
            const h = ((H - T - B) * 0.35 * b.answers) / maxAnswers;
            if (b.answers > 0) chart.append(svg('rect', { x: x(i) - step * 0.3, width: step * 0.6, y: H - B - h, height: h, class: 'count' }));
            const sum = b.summary;
            const most = Math.max(4, Math.floor((W - L - R) / (lang === 'ru' ? 60 : 52)));  // labels apart
            const label = n <= most || i % Math.ceil(n / most) === 0;
            if (label) chart.append(svg('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, day(b.start)));
            if (!sum.ok || sum.score === null) {
                path += ' ';
                return;
            }
            if (sum.interval) chart.append(svg('line', { x1: x(i), x2: x(i), y1: y(sum.interval.low), y2: y(sum.interval.high), class: 'err' }));
            path += (path.trim() === '' || path.endsWith(' ') ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(sum.score).toFixed(1);
            const dot = svg('circle', { cx: x(i), cy: y(sum.score), r: 4, class: 'dot' });
            dot.append(svg('title', {}, `${day(b.start)}: ${fmt(sum.score)} (n = ${sum.n})`));
            chart.append(dot);
        });
        if (path.trim()) chart.insertBefore(svg('path', { d: path.trim(), class: 'line' }), chart.querySelector('circle'));
        if (!n) chart.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, t('surveys.noPeriods')));
        else if (!s.trend.some((b) => b.answers > 0)) chart.append(svg('text', { x: (L + W - R) / 2, y: y((lo + hi) / 2) - 8, 'text-anchor': 'middle', class: 'note' }, t('surveys.noneInPeriod')));
        return chart;
    }
    function distributionChart(s) {
        const W = 320, H = 220, L = 8, R = 8, T = 14, B = 30;
        const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('surveys.distLabel', s.id) });
        const counts = (s.summary && s.summary.distribution) || [];
        const max = Math.max(1, ...counts);
        const step = (W - L - R) / Math.max(1, counts.length);
        counts.forEach((c, i) => {
            const value = s.scale.min + i;
            const h = ((H - T - B) * c) / max;
            let cls = 'bar';
            if (s.kind === 'nps') cls += value >= 9 ? ' good' : value >= 7 ? ' mid' : ' bad';
            if (s.kind === 'csat') cls += value >= 4 ? ' good' : value === 3 ? ' mid' : ' bad';
            const bar = svg('rect', { x: L + step * i + step * 0.15, width: step * 0.7, y: H - B - h, height: h, class: cls });
            bar.append(svg('title', {}, `${value}: ${c}`));
            chart.append(bar);
            if (c > 0) chart.append(svg('text', { x: L + step * (i + 0.5), y: H - B - h - 3, 'text-anchor': 'middle' }, String(c)));
            chart.append(svg('text', { x: L + step * (i + 0.5), y: H - B + 15, 'text-anchor': 'middle' }, String(value)));
        });
        if (!counts.some((c) => c > 0)) chart.append(svg('text', { x: W / 2, y: (H - B) / 2, 'text-anchor': 'middle', class: 'note' }, t('surveys.noneYet')));
        return chart;
    }

    // ---------------------------------------------------------------- sections in other files
    /** A section's file (loaded after this one, before DOMContentLoaded) registers its view and
     *  texts here and gets the helpers it shares with the rest of the console. */
    window.LoyaltyConsole = {
        register(name, section) {
            sections[name] = section;
            for (const l of Object.keys(TEXT)) Object.assign(TEXT[l], (section.texts || {})[l]);
        },
        $, el, svg, t, api, SignedOut, status, failure, errorText, when, zone, isoFromLocal, money, pts, dec, nf, fmtInt, token,
        field, setFieldError, table, nextId, randomId,
        lang: () => lang, locale, program: () => program, loadProgram, programmeName,
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
        $('search-form').addEventListener('submit', (e) => {
            e.preventDefault();
            sessionStorage.setItem('loyalty-console-q', $('q').value.trim());
            loadCustomers().catch((err) => {
                if (!(err instanceof SignedOut)) status(t('failed', err.message), true);
            });
        });
        $('activity-older').addEventListener('click', () => loadActivity(true).catch(() => {}));
        $('controls').addEventListener('submit', (e) => {
            e.preventDefault();
            loadSurveys().catch(() => {});
        });
        $('period').addEventListener('change', () => loadSurveys().catch(() => {}));
        $('bucket').addEventListener('change', () => loadSurveys().catch(() => {}));
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
