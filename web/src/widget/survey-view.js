// The in-page survey card: the score question as a native radio group (arrow keys move, one
// tab stop), a follow-up question chosen by the answer, a thank-you. Texts come from the
// survey's settings in program.json in the visitor's language, or the widget's defaults.
// `s` is the survey state {settings, step: "score" | "follow_up" | "thanks", score, text};
// `actions` are {choose(score), next(), send(text), skip(), dismiss()}.

import { h, icon, ICONS } from './dom.js';
import { localized } from './i18n.js';

/** The scale of a survey kind: NPS 0-10, CSAT 1-5, CES 1-5 or 1-7. */
export function surveyScale(settings) {
    if (settings.kind === 'csat') return { min: 1, max: 5 };
    if (settings.kind === 'ces') return { min: 1, max: settings.scale === 5 ? 5 : 7 };
    return { min: 0, max: 10 };
}

/** The NPS segment of a score: "promoters" (9-10), "passives" (7-8) or "detractors" (0-6). */
export function npsSegment(score) {
    return score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors';
}

/** The follow-up question for an answer: the segment's own text, then "all", then a default. */
export function followUpQuestion(settings, score, lang, t) {
    const f = settings.follow_up || {};
    const own = settings.kind === 'nps' || !settings.kind ? f[npsSegment(score)] : null;
    return localized(own, lang) || localized(f.all, lang) || t('survey_follow_up');
}

function texts(settings, lang, t) {
    const kind = settings.kind === 'csat' || settings.kind === 'ces' ? settings.kind : 'nps';
    const suffix = kind === 'nps' ? '' : '_' + kind;
    return {
        question: localized(settings.question, lang) || t('survey_' + kind),
        low: localized(settings.low_label, lang) || t('survey_low' + suffix),
        high: localized(settings.high_label, lang) || t('survey_high' + suffix),
        thanks: localized(settings.thanks, lang) || t('survey_thanks'),
    };
}

/** The close button: last in the card's DOM, so Tab goes from the answer to "Next" (or "Send")
 *  before it, though it shows in the top corner. */
function dismissButton(t, actions) {
    return h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('survey_dismiss'), 'data-key': 'survey-dismiss', onclick: () => actions.dismiss() }, icon(ICONS.close));
}

/** The survey card for the current step. */
export function surveyCard(s, lang, t, actions) {
    const x = texts(s.settings, lang, t);
    if (s.step === 'thanks') {
        return h('div', { class: 'survey', role: 'status' }, h('p', { class: 'thanks' }, icon(ICONS.star), x.thanks));
    }
    if (s.step === 'follow_up') {
        const area = h('textarea', { id: 'lw-text', maxlength: 1000, rows: 3, 'data-key': 'survey-text' });
        area.value = s.text || '';
        return h(
            'div',
            { class: 'survey', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'lw-fq' },
            h('label', { class: 'q', id: 'lw-fq', for: 'lw-text' }, followUpQuestion(s.settings, s.score, lang, t)),
            area,
            h(
                'div',
                { class: 'actions' },
                h('button', { type: 'button', class: 'btn secondary', 'data-key': 'survey-skip', onclick: () => actions.skip() }, t('survey_skip')),
                h('button', { type: 'button', class: 'btn', 'data-key': 'survey-send', onclick: () => actions.send(area.value) }, t('survey_send')),
            ),
            dismissButton(t, actions),
        );
    }
    const { min, max } = surveyScale(s.settings);
    const next = h('button', { type: 'button', class: 'btn', 'data-key': 'survey-next', disabled: s.score === undefined || s.score === null, onclick: () => actions.next() }, t('survey_next'));
    const options = [];
    for (let n = min; n <= max; n++) {
        const input = h('input', {
            type: 'radio',
            name: 'lw-score',
            value: n,
            'data-key': 'score-' + n,
            'aria-describedby': n === min ? 'lw-low' : n === max ? 'lw-high' : null,
            onchange: () => {
                actions.choose(n);
                next.disabled = false;
            },
        });
        input.checked = s.score === n;
        options.push(h('label', {}, input, h('span', {}, String(n))));
    }
    const scale = h('div', { class: max - min > 6 ? 'scale wide' : 'scale' }, options);
    scale.style.setProperty('--n', String(max - min + 1));
    return h(
        'div',
        { class: 'survey', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'lw-q' },
        h(
            'fieldset',
            {},
            h('legend', { id: 'lw-q' }, x.question),
            scale,
            h('div', { class: 'ends' }, h('span', { id: 'lw-low' }, x.low), h('span', { id: 'lw-high' }, x.high)),
        ),
        h('div', { class: 'actions' }, next),
        dismissButton(t, actions),
    );
}
