// Reads the first sheet of a dropped .xlsx file off the page's thread and answers with it as CSV
// text. Built as its own chunk (xlsx-worker.js) and started only when such a file is chosen, so
// the page pays nothing for it otherwise.
import { readSheet } from 'read-excel-file/universal';
import { rowsToCsv } from './xlsx-csv.js';

self.addEventListener('message', async (event) => {
    try {
        const rows = await readSheet(await event.data.file.arrayBuffer());
        self.postMessage({ ok: true, csv: rowsToCsv(rows) });
    } catch (e) {
        self.postMessage({ ok: false, message: String(e && e.message ? e.message : e) });
    }
});
