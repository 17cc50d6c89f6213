// An .xlsx sheet (rows of strings, numbers, booleans and Dates, as read-excel-file gives them) as
// CSV text the core reads like any export: comma-separated, every field quoted, a Date cell as
// its calendar day (yyyy-mm-dd, with the time when it has one), numbers as JavaScript writes them.

function cellText(value) {
    if (value === null || value === undefined) return '';
    if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) return '';
        // Excel keeps no time zone: read-excel-file gives the written day and time as UTC. A
        // serial day number may land a hair before the second it meant: round to the second.
        const iso = new Date(Math.round(value.getTime() / 1000) * 1000).toISOString();
        return iso.slice(11, 19) === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    }
    return String(value);
}

/** The rows as CSV text ("\n" line ends, a final one). */
export function rowsToCsv(rows) {
    let out = '';
    for (const row of rows) {
        out += row.map((v) => `"${cellText(v).replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`).join(',') + '\n';
    }
    return out;
}

/** Whether a chosen file is an Excel workbook rather than text. */
export function isXlsx(file) {
    return typeof file?.name === 'string' && (/\.xlsx$/i.test(file.name) || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}
