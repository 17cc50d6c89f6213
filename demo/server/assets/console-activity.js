// The console's Activity section (docs/server.md, "The owner's console"): the audit log of every
// action, newest first, 50 at a time with "Older". Registers itself with console.js.
'use strict';
(() => {
    const C = window.LoyaltyConsole;
    if (!C) return;
    const { el, api, t, status, failure, auditTable } = C;
    const $ = (id) => document.getElementById(id);

    const TEXTS = {
        en: {
            'activity.title': 'Activity', 'activity.lead': 'Every action taken in this console or through the admin API: who, when, what and why, newest first.',
            'activity.older': 'Older', 'activity.none': 'Nothing logged yet.', 'activity.end': 'That is the beginning of the log.',
        },
        ru: {
            'activity.title': 'Журнал', 'activity.lead': 'Все действия в консоли и через API администратора: кто, когда, что и почему, сначала новые.',
            'activity.older': 'Раньше', 'activity.none': 'В журнале пока пусто.', 'activity.end': 'Это начало журнала.',
        },
    };

    let activityNext = null;  // the log's next page: entries before this seq

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

    C.register('activity', {
        texts: TEXTS,
        show: () => loadActivity(false),
        init() {
            $('activity-older').addEventListener('click', () => loadActivity(true).catch(() => {}));
        },
    });
})();
