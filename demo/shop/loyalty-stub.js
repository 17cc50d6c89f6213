// The optional first line of the widget snippet (docs/integration.md), in a file of its own so
// the shop's strict CSP needs no inline script: queues LoyaltyWidget(...) calls until the loader runs.
window.LoyaltyWidget=window.LoyaltyWidget||function(){(LoyaltyWidget.q=LoyaltyWidget.q||[]).push(arguments)};
