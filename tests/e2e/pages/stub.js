// The snippet's stub, as a file of the shop's own (a strict CSP forbids inline scripts): calls
// made before loyalty-widget.js has loaded are queued and replayed by it.
window.LoyaltyWidget = window.LoyaltyWidget || function () { (window.LoyaltyWidget.q = window.LoyaltyWidget.q || []).push(arguments); };
