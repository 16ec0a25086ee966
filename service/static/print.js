// The draft page's "Skriv ut" button. A file of its own, not an onclick attribute: the pages'
// Content-Security-Policy runs no inline script (service/security.py).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
