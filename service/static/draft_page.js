// The draft page's copy buttons and the focus after saving. A file of its own, not inline
// script: the pages' Content-Security-Policy runs no inline script (service/security.py).
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");

  function say(text) {
    if (!status) return;
    status.textContent = "";
    // a fresh text node, so that the same message said twice is announced twice
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // The Clipboard API where the page is a secure context; else the older copy command on a
  // selected, off-screen text box (plain http on a county's intranet).
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var box = document.createElement("textarea");
      box.value = text;
      box.setAttribute("readonly", "");
      box.style.position = "fixed";
      box.style.left = "-9999px";
      document.body.appendChild(box);
      box.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      box.remove();
      if (copied) resolve(); else reject(new Error("copy refused"));
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-copy")).then(function () {
        say(button.getAttribute("data-copied"));
      }, function () {
        say(status ? status.getAttribute("data-failed") : "");
      });
    });
  });

  // After saving (or a form with errors), the keyboard focus goes to the message that says so,
  // not to the top of a long page.
  var first = document.querySelector("[data-focus-on-load]");
  if (first) {
    first.focus();
    first.scrollIntoView({ block: "center" });
  }
})();
