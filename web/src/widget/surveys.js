// The survey side of the UI: the answer queue (survey-queue.js) wired to the page (online,
// pagehide), asking the core whether a survey is due, and the card's actions (score, follow-up,
// send, skip, dismiss) with the visitor's history kept in localStorage (visitor.js).

import { isoInstant } from './format.js';
import { pickLanguage } from './i18n.js';
import { describeErrors } from './cart.js';
import { showsData } from './controller.js';
import { createSurveyQueue, idempotencyKey } from './survey-queue.js';
import { VISITOR_KEY, eligibilityVisitor, readJson, recordSurvey, surveyCheck, surveyCheckDue, writeJson } from './visitor.js';

const THANKS_MS = 4000;

/**
 * `ctx`: {config, storage, runtime, state, changed(), emit(name, detail, from), problem(code,
 * message), floating(), load() (resolves once the page view's data has loaded, without loading it
 * again), engine()}. Returns {actions (for the card), check() (ask the core and show a due
 * survey), visitor(), saveVisitor(v)}.
 */
export function createSurveys(ctx) {
    const { config, storage, runtime, state, changed, emit, problem, floating } = ctx;
    let queue = null;
    let thanksTimer = null;
    const visitor = () => (storage ? readJson(storage, VISITOR_KEY) : null);
    const saveVisitor = (v) => storage && v && writeJson(storage, VISITOR_KEY, v);

    if (config.surveyEndpoint) {
        queue = createSurveyQueue({
            endpoint: new URL(config.surveyEndpoint, document.baseURI).href,
            storage,
            log: (m) => runtime.warn(m),
        });
        queue.flush();
        addEventListener('online', () => queue.flush());
        addEventListener('pagehide', () => {
            const s = state.survey;
            if (s && s.key && s.step === 'follow_up') {
                queue.update(s.key, s.text && s.text.trim() ? { follow_up_answer: s.text.trim() } : {});
                queue.release(s.key);
                queue.flush(); // keepalive: may outlive the page; the key makes a resend a no-op
            }
            queue.stop();
        });
    }

    async function checkSurveys() {
        if (!queue || !storage) return;
        if (!surveyCheckDue(visitor(), Date.now())) return;
        await ctx.load();
        if (!showsData(state) || state.survey) return;
        const v = visitor();
        if (!v) return;
        const wanted = config.surveys;
        const list = (Array.isArray(state.program.surveys) ? state.program.surveys : []).filter((s) => s && (!wanted.length || wanted.includes(s.id)));
        const now = isoInstant(Date.now());
        const answers = [];
        for (const settings of list) {
            const eligibility = await ctx.engine().run('survey-eligibility', { program: state.program, survey_id: settings.id, visitor: eligibilityVisitor(v, settings.id), now });
            if (!eligibility.ok) problem('survey_invalid', `survey "${settings.id}" could not be checked: ${describeErrors(eligibility.errors)}`);
            answers.push({ settings, eligibility });
        }
        saveVisitor({ ...v, survey_check: surveyCheck(answers, Date.now()) });
        const due = answers.find((a) => a.eligibility.ok && a.eligibility.eligible);
        if (due) setTimeout(() => showSurvey(due.settings), config.surveyDelay);
    }

    function showSurvey(settings) {
        const host = floating();
        if (state.survey || !host) return;
        if (host.open) {
            // Never on top of the panel the shopper is reading: wait for it to close.
            host.addEventListener('loyalty:close', () => setTimeout(() => showSurvey(settings), config.surveyDelay), { once: true });
            return;
        }
        state.survey = { settings, step: 'score', score: null, key: null, text: '' };
        saveVisitor(recordSurvey(visitor(), settings.id, 'shown', Date.now()));
        changed();
        emit('survey-shown', { survey_id: settings.id, kind: settings.kind }, host);
    }

    function answerBody(extra) {
        const s = state.survey;
        const bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        const v = visitor();
        return {
            survey_id: s.settings.id,
            visitor_id: v ? v.id : 'unknown',
            kind: s.settings.kind || 'nps',
            idempotency_key: idempotencyKey(bytes),
            answered_at: isoInstant(Date.now()),
            page: location.pathname,
            lang: pickLanguage((floating() || {}).lang),
            ...extra,
        };
    }

    function closeSurvey() {
        clearTimeout(thanksTimer);
        state.survey = null;
        changed();
    }

    function finish() {
        const s = state.survey;
        const text = s.text && s.text.trim();
        if (text) queue.update(s.key, { follow_up_answer: text.slice(0, 1000) });
        queue.release(s.key);
        queue.flush();
        emit('survey-submitted', { survey_id: s.settings.id, kind: s.settings.kind || 'nps', score: s.score, follow_up_answer: text || undefined, idempotency_key: s.key }, floating());
    }

    const surveyActions = {
        choose(n) {
            if (state.survey) state.survey.score = n;
        },
        next() {
            const s = state.survey;
            if (!s || s.score === null || s.score === undefined || s.key) return;
            const body = answerBody({ score: s.score });
            s.key = body.idempotency_key;
            queue.add(body, { hold: true });
            saveVisitor(recordSurvey(visitor(), s.settings.id, 'answered', Date.now()));
            s.step = 'follow_up';
            s.focus = 'survey-text';
            changed();
        },
        input(text) {
            if (state.survey) state.survey.text = text;
        },
        send(text) {
            if (!state.survey || state.survey.step !== 'follow_up') return;
            state.survey.text = text;
            finish();
            state.survey.step = 'thanks';
            changed();
            thanksTimer = setTimeout(closeSurvey, THANKS_MS);
        },
        skip() {
            surveyActions.send('');
        },
        dismiss() {
            const s = state.survey;
            if (!s) return;
            if (s.step === 'score') {
                queue.add(answerBody({ dismissed: true }));
                queue.flush();
                saveVisitor(recordSurvey(visitor(), s.settings.id, 'dismissed', Date.now()));
                emit('survey-dismissed', { survey_id: s.settings.id, kind: s.settings.kind || 'nps' }, floating());
            } else if (s.step === 'follow_up') {
                finish();
            }
            const host = floating();
            closeSurvey();
            const button = host && host.shadowRoot.querySelector('.launcher');
            if (button) button.focus();
        },
    };

    return { actions: surveyActions, check: checkSurveys, visitor, saveVisitor };
}
