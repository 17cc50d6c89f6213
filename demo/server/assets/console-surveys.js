// The console's Surveys section, the former survey dashboard (docs/server.md, "The owner's
// console"): NPS, CSAT and CES of the widget's answers with their margins, a trend chart and the
// distribution of scores, per survey. Registers itself with console.js.
'use strict';
(() => {
    const C = window.LoyaltyConsole;
    if (!C) return;
    const { el, svg, api, t, status, failure, day, fmt, signed, locale } = C;
    const $ = (id) => document.getElementById(id);

    const TEXTS = {
        en: {
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
        },
        ru: {
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
        },
    };

    let serverNow = null;  // the report's clock

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
            const most = Math.max(4, Math.floor((W - L - R) / (C.lang() === 'ru' ? 60 : 52)));  // labels apart
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

    C.register('surveys', {
        texts: TEXTS,
        show: () => loadSurveys(),
        init() {
            $('controls').addEventListener('submit', (e) => {
                e.preventDefault();
                loadSurveys().catch(() => {});
            });
            $('period').addEventListener('change', () => loadSurveys().catch(() => {}));
            $('bucket').addEventListener('change', () => loadSurveys().catch(() => {}));
        },
    });
})();
