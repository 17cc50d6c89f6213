// Helpers both bundles use on a shadow root: styles that need no CSP exception, and the icon.

const sheets = new Map();
/**
 * Puts a stylesheet in a shadow root: a constructable sheet when the browser has them (no
 * CSP involvement at all), else a <style> element carrying the page's nonce.
 */
export function adoptCss(root, css, nonce) {
    if (root.adoptedStyleSheets && self.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
        let sheet = sheets.get(css);
        if (!sheet) {
            sheet = new CSSStyleSheet();
            sheet.replaceSync(css);
            sheets.set(css, sheet);
        }
        if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        return;
    }
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.prepend(style);
}

/** The gift icon of the launcher, drawn with DOM calls (no markup parsing). */
export function giftIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    const path = document.createElementNS(ns, 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', 'M20 12v9H4v-9M2 7h20v5H2zM12 21V7m0 0H7.5a2.5 2.5 0 1 1 0-5C11 2 12 7 12 7zm0 0h4.5a2.5 2.5 0 1 0 0-5C13 2 12 7 12 7z');
    svg.append(path);
    return svg;
}
