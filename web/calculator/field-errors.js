// An error message under a field of the extra panels, tied to it for screen readers.
export function setFieldError(input, message) {
    const wrap = input.closest('.field');
    let msg = wrap.querySelector('.field-error');
    if (!message) {
        msg?.remove();
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
        return;
    }
    if (!msg) {
        msg = document.createElement('span');
        msg.className = 'field-error';
        msg.id = `${input.id}-error`;
        wrap.append(msg);
    }
    msg.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', msg.id);
}
