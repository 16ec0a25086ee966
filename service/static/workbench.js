// Live what-if in the workbench: every change in the scenario's facts form is sent to
// /prova, which computes the answer and the chart for the facts as typed and saves nothing;
// the answer replaces the one shown. Without this script the "Prova" button does the same.
(() => {
  "use strict";
  // "Skriv ut" on the training summary: the page's own print layout (stodkollen.css, @media print).
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  const form = document.getElementById("fakta-form");
  const live = document.getElementById("live");
  if (!form || !live) return;
  let timer = null;
  let controller = null;

  async function tryOut() {
    if (controller) controller.abort();  // only the latest change counts
    controller = new AbortController();
    try {
      const response = await fetch(form.dataset.prova, {
        method: "POST", body: new FormData(form), headers: {"X-Prova": "fragment"},
        signal: controller.signal, credentials: "same-origin",
      });
      if (response.ok || response.status === 422) {
        live.innerHTML = await response.text();
        live.dataset.tried = "1";
      }
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  }

  // Text, number, select and check box all say "input" when changed.
  form.addEventListener("input", (event) => {
    if (!event.target.matches("input:not([type=file]), select")) return;
    if (event.target.id === "du" || event.target.id === "namn") return;  // names change no answer
    clearTimeout(timer);
    timer = setTimeout(tryOut, 350);
  });
})();
