// Writes a large order export on the fly for the calculator's big-file tests: a Russian-style CSV
// (`;`, dd.mm.yyyy dates, decimal commas) with a product column the import ignores, as real exports
// carry, written in 1 MB blocks so generating 2 GB needs no more memory than one block.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const HEADER = 'Клиент;Номер заказа;Дата;Сумма;Товар\n';
const PRODUCTS = ['Кофе в зёрнах, 1 кг', 'Чайник электрический', 'Набор посуды на 6 персон', 'Плед шерстяной 140x200'];

/** Writes about `bytes` bytes to `path`; resolves to {bytes, orders} actually written. Orders are
 *  numbered 1, 2, ... (ascending, as exports write them), 50,000 customers, dates over 2024-2025. */
export async function writeLargeCsv(path, bytes) {
    const out = createWriteStream(path);
    let written = 0;
    let order = 0;
    let block = HEADER;
    while (written + block.length < bytes) {
        order += 1;
        const customer = (order * 7919) % 50000;
        const day = String((order % 28) + 1).padStart(2, '0');
        const month = String(((order >> 5) % 12) + 1).padStart(2, '0');
        const year = 2024 + ((order >> 9) % 2);
        const rub = 100 + ((order * 37) % 9900);
        block += `"Покупатель ${customer}";${order};${day}.${month}.${year};"${rub},${String(order % 100).padStart(2, '0')}";${PRODUCTS[order % 4]}\n`;
        if (block.length >= 1 << 20) {
            const buf = Buffer.from(block);
            written += buf.length;
            if (!out.write(buf)) await once(out, 'drain');
            block = '';
        }
    }
    const tail = Buffer.from(block);
    written += tail.length;
    out.end(tail);
    await once(out, 'finish');
    return { bytes: written, orders: order };
}
