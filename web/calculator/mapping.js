// The calculator's export presets and column picker. The core detects the preset from the header
// (or takes the one chosen in #preset); a file whose columns it cannot find answers with its
// header and the missing roles, and the page asks the owner to pick them from the file's own
// headers instead of showing numbers. A picked mapping is remembered per header signature
// (localStorage) and used the next time a file with the same header is dropped.

import { isXlsx } from './xlsx-csv.js';

const STORE_PREFIX = 'loyalty-calculator:columns:';
const ROLES = ['customer', 'order', 'date', 'amount'];
const MAX_XLSX_BYTES = 10 * 1024 * 1024;

const TEXT = {
    ru: {
        preset_label: 'Формат выгрузки',
        auto: 'Определить автоматически',
        generic: 'Обычный CSV',
        detected: (name) => `Формат: ${name} (определён по заголовкам)`,
        chosen: (name) => `Формат: ${name}`,
        remembered: 'Колонки взяты из сохранённого сопоставления для этих заголовков.',
        skipped: (n, list) => `Пропущено строк: ${n} (${list})`,
        cp1251: 'Кодировка Windows-1251 распознана.',
        picker_title: 'Не нашлись колонки. Укажите их из заголовков файла:',
        role: { customer: 'Клиент (e-mail, телефон или код)', order: 'Номер заказа', date: 'Дата', amount: 'Сумма' },
        none: '— выберите колонку —',
        none_optional: '— нет такой колонки —',
        apply: 'Применить и запомнить',
        pick_all: 'Выберите колонку для каждой строки.',
        xlsx_failed: 'Не удалось прочитать файл Excel (сохраните его как CSV UTF-8 и перетащите CSV): ',
        xlsx_too_big: 'Файл Excel больше 10 МБ: сохраните его как CSV (UTF-8) и перетащите CSV.',
    },
    en: {
        preset_label: 'Export format',
        auto: 'Detect automatically',
        generic: 'Plain CSV',
        detected: (name) => `Format: ${name} (detected from the header)`,
        chosen: (name) => `Format: ${name}`,
        remembered: 'Columns taken from the mapping saved for this header.',
        skipped: (n, list) => `Rows skipped: ${n} (${list})`,
        cp1251: 'Windows-1251 encoding recognised.',
        picker_title: 'Some columns were not found. Pick them from the file’s headers:',
        role: { customer: 'Customer (e-mail, phone or id)', order: 'Order number', date: 'Date', amount: 'Amount' },
        none: '— choose a column —',
        none_optional: '— no such column —',
        apply: 'Apply and remember',
        pick_all: 'Choose a column for every line.',
        xlsx_failed: 'Could not read the Excel file (save it as CSV UTF-8 and drop the CSV instead): ',
        xlsx_too_big: 'The Excel file is over 10 MB: save it as CSV (UTF-8) and drop the CSV instead.',
    },
};

export const PRESET_NAMES = {
    generic: { ru: 'обычный CSV', en: 'plain CSV' },
    shopify: { ru: 'Shopify', en: 'Shopify' },
    woocommerce: { ru: 'WooCommerce', en: 'WooCommerce' },
    insales: { ru: 'InSales', en: 'InSales' },
    tilda: { ru: 'Tilda', en: 'Tilda' },
    '1c': { ru: '1С', en: '1C' },
};

// The core's skip reasons ("status \"pending\"") in the page's language.
const REASONS = {
    ru: [[/^line item$/, 'строки товаров заказа'], [/^cancelled$/, 'отменённые'], [/^test order$/, 'тестовые'], [/^totals row$/, 'строки итогов'],
        [/^no status$/, 'без статуса'], [/^no payment status$/, 'без статуса оплаты'], [/^status "(.*)"$/, 'статус «$1»'], [/^payment "(.*)"$/, 'оплата «$1»'], [/^currency (.*)$/, 'в валюте $1']],
    en: [[/^line item$/, 'line-item rows'], [/^cancelled$/, 'cancelled'], [/^test order$/, 'test orders'], [/^totals row$/, 'totals rows'],
        [/^no status$/, 'no status'], [/^no payment status$/, 'no payment status'], [/^status "(.*)"$/, 'status “$1”'], [/^payment "(.*)"$/, 'payment “$1”'], [/^currency (.*)$/, 'in $1']],
};

export function describeReason(reason, lang) {
    for (const [re, text] of REASONS[lang] || REASONS.en) if (re.test(reason)) return reason.replace(re, text);
    return reason;
}

/** The localStorage key of a header row (its names in order). */
export function headerSignature(header) {
    return STORE_PREFIX + header.map((h) => h.trim().toLowerCase()).join('\u001f');
}

function storage() {
    try {
        return window.localStorage;
    } catch {
        return null; // storage blocked: the picker still works, it is just not remembered
    }
}

function load(header) {
    const raw = storage()?.getItem(headerSignature(header));
    if (!raw) return null;
    try {
        const columns = JSON.parse(raw);
        // A remembered column that is no longer in the header is no mapping.
        const ok = columns && typeof columns === 'object' && Object.entries(columns).every(([role, name]) => ROLES.includes(role) && header.includes(name));
        return ok ? columns : null;
    } catch {
        return null;
    }
}

/** The first sheet of an .xlsx file as a CSV Blob, read in a worker of its own (a separate chunk,
 *  loaded only now); any other source as it is. Throws with a message the page shows. */
export async function prepareSource(source, lang = 'en') {
    if (!isXlsx(source)) return source;
    // The reader holds the whole workbook and its rows in memory, unlike the streamed CSV.
    if (source.size > MAX_XLSX_BYTES) throw new Error((TEXT[lang] || TEXT.en).xlsx_too_big);
    const worker = new Worker(new URL('./xlsx-worker.js', import.meta.url), { type: 'module', name: 'loyalty-xlsx' });
    try {
        const answer = await new Promise((resolve, reject) => {
            worker.addEventListener('message', (event) => resolve(event.data));
            worker.addEventListener('error', (event) => {
                event.preventDefault();
                reject(new Error(event.message || 'the reader did not load'));
            });
            worker.postMessage({ file: source });
        });
        if (!answer.ok) throw new Error(answer.message);
        return new File([answer.csv], source.name.replace(/\.xlsx$/i, '.csv'), { type: 'text/csv' });
    } catch (e) {
        throw new Error((TEXT[lang] || TEXT.en).xlsx_failed + e.message);
    } finally {
        worker.terminate();
    }
}

/** The mapping UI bound to the page's #preset, #preset-info and #picker elements. */
export function createMapping({ lang, rerun }) {
    const select = document.getElementById('preset');
    const info = document.getElementById('preset-info');
    const picker = document.getElementById('picker');
    let columns = null; // columns in use for the current file (picked or remembered)
    let remembered = false;
    const t = () => TEXT[lang()] || TEXT.ru;

    function renderSelect() {
        const value = select.value || 'auto';
        const opts = [['auto', t().auto], ['generic', t().generic]];
        for (const id of ['shopify', 'woocommerce', 'insales', 'tilda', '1c']) opts.push([id, PRESET_NAMES[id][lang()] || PRESET_NAMES[id].en]);
        select.replaceChildren(...opts.map(([v, label]) => new Option(label, v, false, v === value)));
        document.getElementById('preset-label').textContent = t().preset_label;
    }
    renderSelect();
    select.addEventListener('change', () => {
        columns = null;
        remembered = false;
        rerun();
    });

    function hidePicker() {
        picker.hidden = true;
        picker.replaceChildren();
    }

    function showPicker(r) {
        const header = r.header;
        const form = document.createElement('form');
        form.className = 'picker-form';
        const title = document.createElement('p');
        title.textContent = t().picker_title;
        form.append(title);
        const roles = ROLES.filter((role) => r.missing.includes(role) || role === 'order');
        const selects = {};
        for (const role of roles) {
            const label = document.createElement('label');
            label.className = 'picker-row';
            const span = document.createElement('span');
            span.textContent = t().role[role];
            const s = document.createElement('select');
            s.name = role;
            s.dataset.role = role;
            const optional = !r.missing.includes(role);
            s.append(new Option(optional ? t().none_optional : t().none, ''));
            for (const h of header) if (h) s.append(new Option(h, h));
            selects[role] = s;
            label.append(span, s);
            form.append(label);
        }
        const error = document.createElement('p');
        error.className = 'error-text';
        error.setAttribute('role', 'alert');
        const apply = document.createElement('button');
        apply.type = 'submit';
        apply.id = 'picker-apply';
        apply.textContent = t().apply;
        form.append(apply, error);
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const chosen = {};
            for (const [role, s] of Object.entries(selects)) if (s.value) chosen[role] = s.value;
            if (r.missing.some((role) => !chosen[role])) {
                error.textContent = t().pick_all;
                return;
            }
            columns = chosen;
            remembered = false;
            storage()?.setItem(headerSignature(header), JSON.stringify(chosen));
            hidePicker();
            rerun();
        });
        picker.replaceChildren(form);
        picker.hidden = false;
        selects[r.missing[0]]?.focus();
    }

    return {
        /** The import options to add to a metrics request. */
        options() {
            const out = {};
            if (columns) {
                out.preset = 'generic';
                out.columns = columns;
            } else if (select.value && select.value !== 'auto') {
                out.preset = select.value;
            }
            return out;
        },
        /** Forgets the columns of the previous file (a new file is being read). */
        reset() {
            columns = null;
            remembered = false;
            hidePicker();
            info.textContent = '';
        },
        /** For an answer without numbers: true when it is a file whose columns were not found;
         *  the picker is shown, or a remembered mapping is applied and the import rerun. */
        handleFailure(r) {
            if (!Array.isArray(r.missing) || !Array.isArray(r.header) || r.missing.length === 0) return false;
            const saved = columns ? null : load(r.header);
            if (saved) {
                columns = saved;
                remembered = true;
                rerun();
                return true;
            }
            info.textContent = '';
            const results = document.getElementById('results');
            if (results) results.hidden = true; // the previous file's numbers are not this one's
            showPicker(r);
            return true;
        },
        /** Shows what the import did: the preset, the encoding, the rows skipped on purpose. */
        showImport(imp) {
            hidePicker();
            const parts = [];
            const preset = imp.preset || 'generic';
            const name = PRESET_NAMES[preset]?.[lang()] || preset;
            if (preset !== 'generic') parts.push(imp.preset_detected ? t().detected(name) : t().chosen(name));
            if (remembered) parts.push(t().remembered);
            if (imp.encoding === 'windows-1251') parts.push(t().cp1251);
            if (imp.skipped_rows) parts.push(t().skipped(imp.skipped_rows, imp.skipped.map((s) => `${describeReason(s.reason, lang())}: ${s.rows}`).join(', ')));
            info.textContent = parts.map((p) => p.replace(/\.?$/, '.')).join(' ');
        },
        relabel() {
            renderSelect();
        },
    };
}
