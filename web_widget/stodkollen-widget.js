/*! Stödkollen chat widget. Embed with one tag:
 *    <script src="https://SERVICE/widget/stodkollen-widget.js" defer></script>
 *  Optional, before it: window.StodkollenConfig = {serviceUrl, lang: "sv"|"en",
 *    colors: {primary, onPrimary, accent}, open: false}
 *  (or data-service-url / data-lang on the script tag).
 *  Talks only to SERVICE/api/v1/chat and reads its texts from SERVICE/widget/strings/{lang}.json.
 *  Bot text is never parsed as HTML: a small Markdown subset is turned into elements. */
(function () {
  "use strict";
  var script = document.currentScript;
  var config = window.StodkollenConfig || {};
  var data = (script && script.dataset) || {};
  var serviceUrl = (config.serviceUrl || data.serviceUrl ||
    (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "");
  var lang = (config.lang || data.lang || document.documentElement.lang || "sv").slice(0, 2) === "en" ? "en" : "sv";
  var STORE = "stodkollen:conversation:v1";
  var STRINGS_STORE = "stodkollen:strings:v2:" + lang;
  // Written in by the service when it serves this file (service/routers/widget.py): how long
  // drafts are kept, and what to show when the service cannot be reached at all.
  var BOOT = /*stodkollen:boot*/null || {};
  var DAY_MS = 24 * 60 * 60 * 1000;
  // Nothing is kept in this browser longer than the service keeps the draft (30 days by default).
  var KEEP_MS = (BOOT.keep_days || 30) * DAY_MS;
  var UNREACHABLE_RETRY_MS = 15000;
  var HISTORY_KEPT = 200;
  var TIMEOUT_MS = 60000;
  var MAX_RETRY_S = 15;
  var URL_RE = /https?:\/\/[^\s<>"]+/g;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var S = {};        // the UI strings
  var state = load();
  var ui = {};
  var busy = false, failures = 0, retryTimer = null;

  /* ---------- storage: the conversation survives a reload ---------- */
  function newSender() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "w-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fresh(keep) {
    return { sender: newSender(), history: [], outbox: [], typed: "", open: false, progress: null,
             peak: null, draft: (keep && keep.draft) || null, updated: Date.now() };
  }
  function expired(time) { return !time || Date.now() - time > KEEP_MS; }
  function load() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE)); } catch (e) { /* private mode */ }
    // A conversation left for longer than drafts are kept is gone, as it is from the service.
    if (saved && expired(saved.updated)) {
      saved = null;
      try { localStorage.removeItem(STORE); } catch (e) { /* ignore */ }
    }
    if (!saved || !/^[A-Za-z0-9_-]{8,64}$/.test(saved.sender || "")) saved = fresh();
    if (saved.draft && saved.draft.expires < Date.now()) saved.draft = null;
    return saved;
  }
  function save() {
    state.history = state.history.slice(-HISTORY_KEPT);
    state.updated = Date.now();
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* full or disabled */ }
  }

  /* ---------- strings ---------- */
  function t(key, params) {
    var text = S[key] || "";
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return params && params[name] != null ? String(params[name]) : all;
    });
  }
  function loadStrings() {
    // The texts were kept without a date before (under this key): gone, like anything older than KEEP_MS.
    try { localStorage.removeItem("stodkollen:strings:" + lang); } catch (e) { /* ignore */ }
    return fetch(serviceUrl + "/widget/strings/" + lang + ".json",
                 { credentials: "omit", headers: { "Accept-Language": lang } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (strings) {
        try { localStorage.setItem(STRINGS_STORE, JSON.stringify({ saved: Date.now(), strings: strings })); } catch (e) { /* ignore */ }
        return strings;
      })
      .catch(function () {
        var cached = null;
        try { cached = JSON.parse(localStorage.getItem(STRINGS_STORE)); } catch (e) { /* ignore */ }
        if (!cached || expired(cached.saved)) throw new Error("Stödkollen: the service cannot be reached");
        return cached.strings;
      });
  }

  /* ---------- DOM helpers (textContent only, never innerHTML) ---------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "class") node.className = attrs[name];
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), attrs[name]);
      else if (attrs[name] !== null && attrs[name] !== false) node.setAttribute(name, attrs[name]);
    }
    (children || []).forEach(function (child) {
      if (child != null) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function hiddenLabel(text) { return el("span", { class: "skw-sr", text: text + " " }); }

  /* ---------- the Markdown subset: **bold**, line breaks, "- " lists, links ---------- */
  function safeUrl(url) {
    try { var u = new URL(url); return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null; }
    catch (e) { return null; }
  }
  /* A backslash before a sign is a sign the user typed (the NLG escapes what users type,
     service/nlg/templates.py): set aside as a private-use character while the markup is read,
     then shown as the sign itself. */
  var ESCAPABLE = "\\`*_[]#<>|";
  function setAside(text) {
    return text.replace(/\\([\\`*_\[\]#<>|])/g, function (m, sign) {
      return String.fromCharCode(0xE000 + ESCAPABLE.indexOf(sign));
    });
  }
  function textNode(text) {
    return document.createTextNode(text.replace(/[\uE000-\uE009]/g, function (c) {
      return ESCAPABLE.charAt(c.charCodeAt(0) - 0xE000);
    }));
  }
  function inline(text, parent) {
    text.split(/\*\*(.+?)\*\*/).forEach(function (part, i) {
      var target = i % 2 ? parent.appendChild(el("strong")) : parent;
      var last = 0;
      part.replace(URL_RE, function (match, offset) {
        var url = match.replace(/[.,:;!?)]+$/, "");
        target.appendChild(textNode(part.slice(last, offset)));
        var href = safeUrl(url);
        target.appendChild(href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: url })
          : textNode(url));
        last = offset + url.length;
        return match;
      });
      target.appendChild(textNode(part.slice(last)));
    });
    return parent;
  }
  function markdown(text) {
    var box = el("div", { class: "skw-text" }), list = null;
    setAside(String(text)).split(/\r?\n/).forEach(function (line) {
      var item = /^\s*[-*•]\s+(.*)$/.exec(line);
      if (item) {
        if (!list) list = box.appendChild(el("ul"));
        list.appendChild(inline(item[1], el("li")));
      } else {
        list = null;
        if (line.trim()) box.appendChild(inline(line, el("p")));
      }
    });
    return box;
  }
  function draftLinks(text) {
    return (String(text || "").match(URL_RE) || []).map(function (u) { return safeUrl(u.replace(/[.,:;!?)]+$/, "")); })
      .filter(function (u) { return u && /\/utkast\//.test(u); });
  }

  /* ---------- result cards (custom.result) ---------- */
  function money(amount) {
    return t("money", { amount: new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB").format(amount) });
  }
  function amountPhrase(card) {
    var period = card.period === "year" ? "year" : "once";
    if (card.amount_sek != null) return t("amount_amount_" + period, { amount: money(card.amount_sek) });
    if (card.max_amount_sek && (card.status === "eligible" || card.status === "needs_assessment")) {
      return t("amount_ceiling_" + period, { amount: money(card.max_amount_sek) });
    }
    return null;
  }
  function resultCards(result, ruleset, notes) {
    var box = el("div", { class: "skw-result" }, [el("p", { text: t("result_intro") })]);
    result.forEach(function (card) {
      var hopeful = card.status === "eligible" || card.status === "needs_assessment";
      var amount = amountPhrase(card);
      var article = el("article", { class: "skw-card skw-" + card.status }, [
        el("h3", { text: card.name }),
        el("p", { class: "skw-status", text: t("status_" + card.status) }),
        amount ? el("p", { class: "skw-amount", text: amount }) : null,
      ]);
      if (card.reasons && card.reasons.length) {
        article.appendChild(el("p", { class: "skw-label", text: t("reasons") }));
        article.appendChild(el("ul", {}, card.reasons.map(function (r) { return el("li", { text: r }); })));
      }
      if (hopeful) {
        (card.conditions || []).forEach(function (c) { article.appendChild(el("p", { text: t("result_condition", { condition: c }) })); });
        if (card.apply_to) article.appendChild(el("p", { text: t("result_apply_to", { apply_to: card.apply_to }) }));
      }
      box.appendChild(article);
    });
    if (ruleset && (ruleset.title || ruleset.id)) box.appendChild(el("p", { class: "skw-small", text: t("result_ruleset", { ruleset: ruleset.title || ruleset.id }) }));
    // What the text says under the amounts: the year used, and an estimate, no decision.
    (notes || []).forEach(function (note) { box.appendChild(el("p", { class: "skw-small skw-note", text: note })); });
    return box;
  }

  /* ---------- rendering the conversation ---------- */
  function messageNode(entry) {
    var mine = entry.who === "user";
    var node = el("div", { class: "skw-msg " + (mine ? "skw-user" : "skw-bot") }, [hiddenLabel(mine ? t("you") : t("bot"))]);
    var custom = entry.custom || {};
    if (custom.result && custom.result.length) node.appendChild(resultCards(custom.result, custom.ruleset, custom.notes));
    else if (entry.text) node.appendChild(mine ? el("p", { class: "skw-text", text: entry.text }) : markdown(entry.text));
    if (!mine) {
      draftLinks(entry.text).forEach(function (href) {
        node.appendChild(el("a", { class: "skw-cta", href: href, target: "_blank", rel: "noopener noreferrer", text: t("draft_open") }));
      });
    }
    if (mine) node.appendChild(el("p", { class: "skw-state", "data-id": entry.id || "" }));
    return node;
  }
  function answerWith(text, payload) {
    // The pressed button is about to go away. The text box keeps the focus when the next
    // choices come (the log announces them): a second Enter must not answer the next question.
    ui.input.focus();
    send(text, payload);
  }
  function quickReplies(buttons) {
    return el("div", { class: "skw-replies", role: "group", "aria-label": t("quick_replies") }, buttons.map(function (b) {
      return el("button", { type: "button", class: "skw-reply", text: b.title, onclick: function () {
        answerWith(b.title, b.payload || b.title);
      } });
    }));
  }
  /* "Välj en eller flera" (custom.several): each choice is a toggle (aria-pressed) and "Klar"
     sends them together as one answer ("Post och Paketombud"), the way a typed answer says it.
     A choice in several.alone ("Inget av dem") answers by itself, at once. */
  function joined(titles) {
    if (window.Intl && Intl.ListFormat) return new Intl.ListFormat(lang, { type: "conjunction" }).format(titles);
    return titles.join(", ");
  }
  function toggleReplies(buttons, several) {
    var alone = several.alone || [];
    var done = el("button", { type: "button", class: "skw-done", text: t("choices_done"), disabled: "" });
    var toggles = [];
    function chosen() { return toggles.filter(function (b) { return b.getAttribute("aria-pressed") === "true"; }); }
    var group = el("div", { class: "skw-replies skw-several", role: "group", "aria-label": t("choices_several") },
      buttons.map(function (b) {
        if (alone.indexOf(b.title) >= 0) {
          return el("button", { type: "button", class: "skw-reply", text: b.title, onclick: function () {
            answerWith(b.title, b.payload || b.title);
          } });
        }
        // the tick is seen, not read: aria-pressed says it to a screen reader
        var toggle = el("button", { type: "button", class: "skw-reply skw-toggle", "aria-pressed": "false",
          "data-title": b.title, onclick: function () {
            toggle.setAttribute("aria-pressed", toggle.getAttribute("aria-pressed") === "true" ? "false" : "true");
            done.disabled = !chosen().length;
          } }, [el("span", { class: "skw-tick", "aria-hidden": "true", text: "✓" }), b.title]);
        toggles.push(toggle);
        return toggle;
      }));
    done.addEventListener("click", function () {
      var titles = chosen().map(function (b) { return b.getAttribute("data-title"); });
      if (titles.length) answerWith(joined(titles), joined(titles));
    });
    group.appendChild(done);
    return group;
  }
  function showReplies(message) {
    removeReplies();
    var several = message.custom && message.custom.several;
    ui.replies.appendChild(several ? toggleReplies(message.buttons, several) : quickReplies(message.buttons));
  }
  function removeReplies() { ui.replies.textContent = ""; }
  function append(entry) {
    var node = messageNode(entry);
    ui.log.appendChild(node);
    return node;
  }
  function scrollDown() {
    ui.log.scrollTo({ top: ui.log.scrollHeight, behavior: reduceMotion ? "auto" : "smooth" });
  }
  function renderAll() {
    ui.log.textContent = "";
    state.history.forEach(function (entry) { append(entry); });
    var last = state.history[state.history.length - 1];
    removeReplies();
    if (last && last.who === "bot" && last.buttons && last.buttons.length && !state.outbox.length) showReplies(last);
    state.outbox.forEach(function (item) { if (!item.hidden) setState(item.id, t("sending")); });
    renderProgress();
  }
  /* The number of questions left is an estimate that moves as answers rule supports in or out
     (18, 20, 19, …): the total shown never goes down and the bar never goes back. A form that
     starts again at question 1 starts a new measure. */
  function steadyProgress(p) {
    var peak = p.question <= 1 || !state.peak ? { of: 0, fraction: 0 } : state.peak;
    var of = Math.max(p.of, p.question, peak.of);
    state.peak = { of: of, fraction: Math.max(peak.fraction, p.question / of) };
    return { question: p.question, of: of, fraction: state.peak.fraction };
  }
  function renderProgress() {
    var p = state.progress;
    ui.progress.hidden = !p;
    if (!p) return;
    var of = Math.max(p.of, p.question);
    ui.progressText.textContent = t("progress", { question: p.question, of: of });
    ui.progressBar.setAttribute("aria-valuemax", of);
    ui.progressBar.setAttribute("aria-valuenow", p.question);
    ui.progressBar.setAttribute("aria-valuetext", ui.progressText.textContent);
    ui.progressFill.style.width = Math.round(100 * (p.fraction || p.question / of)) + "%";
  }
  function setState(id, text, retry) {
    var node = ui.log.querySelector('.skw-state[data-id="' + id + '"]');
    if (!node) return;
    node.textContent = text || "";
    node.className = "skw-state" + (retry ? " skw-failed" : "");
    if (retry) node.appendChild(el("button", { type: "button", class: "skw-link", text: t("retry_now"), onclick: retryNow }));
  }
  function setStatus(text) { ui.status.textContent = text || ""; }
  function showDown(text) {
    ui.alert.hidden = !text;
    ui.alert.textContent = text || "";
  }

  /* ---------- sending, with retries that never lose a message ---------- */
  function send(shown, payload, hidden) {
    var item = { id: "m" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6), text: shown, payload: payload, hidden: !!hidden };
    removeReplies();
    if (!hidden) {
      var entry = { who: "user", text: shown, id: item.id };
      state.history.push(entry);
      append(entry);
      setState(item.id, t("sending"));
      scrollDown();
    }
    state.outbox.push(item);
    save();
    pump();
  }
  function retryNow() {
    clearTimeout(retryTimer);
    retryTimer = null;
    pump();
  }
  function pump() {
    if (busy || !state.outbox.length) return;
    var item = state.outbox[0];
    busy = true;
    ui.typing.hidden = false;
    setStatus(t("typing"));
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    fetch(serviceUrl + "/api/v1/chat", {
      method: "POST", credentials: "omit", signal: abort.signal,
      // the language in a header too, so that a refusal of a body the service cannot read is in it
      headers: { "Content-Type": "application/json", "Accept-Language": lang },
      // the conversation's secret (given with the first reply) proves this browser began it
      body: JSON.stringify({ sender: state.sender, secret: state.secret || undefined, message: item.payload,
                             lang: lang, channel: "web" }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (body.secret) { state.secret = body.secret; save(); }
        if (response.ok) return delivered(item, body.messages || []);
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          return rejected(item, body);
        }
        failed(item, typeof body.detail === "string" ? body.detail : null);
      });
    }, function () { failed(item, null); }).then(function () {
      clearTimeout(timer);
      busy = false;
      ui.typing.hidden = true;
      if (!retryTimer) pump();
    });
  }
  function delivered(item, messages) {
    state.outbox.shift();
    if (failures) { failures = 0; showDown(""); setStatus(t("back_online")); } else setStatus("");
    setState(item.id, "");
    var progress = null, first = null, last = null;
    messages.forEach(function (m) {
      var entry = { who: "bot", text: m.text || "", buttons: m.buttons || [], custom: m.custom || null };
      if (entry.custom && entry.custom.progress) progress = entry.custom.progress;
      state.history.push(entry);
      last = append(entry);
      first = first || last;
    });
    // only questions show it
    state.progress = progress ? steadyProgress(progress) : (messages.length ? null : state.progress);
    renderProgress();
    var withButtons = messages.filter(function (m) { return m.buttons && m.buttons.length; }).pop();
    if (withButtons && !state.outbox.length) showReplies(withButtons);
    rememberDraft(messages);
    save();
    // the start of the answer, scrolled inside the log only (scrollIntoView would move the panel too)
    if (last) ui.log.scrollTo({ top: Math.max(0, first.offsetTop - 8), behavior: reduceMotion ? "auto" : "smooth" });
  }
  function isOpen() { return !ui.panel.hidden; }
  /* The draft's link, kept apart from the conversation: "Ditt utkast" stays in the header after
     "Nytt samtal", until the draft expires. */
  function rememberDraft(messages) {
    messages.forEach(function (m) {
      draftLinks(m.text).forEach(function (href) { state.draft = { href: href, expires: Date.now() + KEEP_MS }; });
    });
    save();
    renderDraftLink();
  }
  function renderDraftLink() {
    var draft = state.draft && state.draft.expires > Date.now() ? state.draft : null;
    ui.draftLink.hidden = !draft;
    if (draft) ui.draftLink.href = draft.href;
  }
  function rejected(item, body) {
    // The service refused this message (too long, say): give it back to the user to edit.
    state.outbox.shift();
    if (!item.hidden) {
      state.history = state.history.filter(function (e) { return e.id !== item.id; });
      var node = ui.log.querySelector('.skw-state[data-id="' + item.id + '"]');
      if (node) node.parentNode.remove();
      ui.input.value = item.text;
      state.typed = item.text;
    }
    setStatus(typeof body.detail === "string" ? body.detail : "");
    save();
    ui.input.focus();
  }
  function failed(item, detail) {
    failures += 1;
    var delay = Math.min(Math.pow(2, failures - 1), MAX_RETRY_S);
    if (!item.hidden) setState(item.id, t("send_failed"), true);
    showDown(detail || t("service_down"));
    scrollDown();
    setStatus("");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; pump(); }, delay * 1000);
  }

  /* ---------- opening, closing, typing ---------- */
  /* On a phone the panel covers the page (the stylesheet's same media query): it is then modal,
     and Tab goes round inside it instead of to the page's links hidden behind it. */
  var FULL_SCREEN = "(max-width: 34em), (max-height: 34em)";
  var fullScreen = null;
  function focusable() {
    return Array.prototype.filter.call(
      ui.panel.querySelectorAll("button, a[href], textarea, [tabindex]:not([tabindex='-1'])"),
      function (node) { return !node.disabled && node.getClientRects().length > 0; });
  }
  function keepFocusInside(e) {
    if (!fullScreen || !fullScreen.matches) return;
    var nodes = focusable();
    if (!nodes.length) return;
    var first = nodes[0], last = nodes[nodes.length - 1], active = ui.shadow.activeElement;
    if (e.shiftKey && active === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && active === last) { e.preventDefault(); first.focus(); }
  }
  function open(focus) {
    state.open = true;
    save();
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    if (!state.history.length && !state.outbox.length) send("/greet", "/greet", true);
    scrollDown();
    if (focus !== false) ui.input.focus();
  }
  function close() {
    state.open = false;
    save();
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }
  function askRestart() {
    ui.confirm.hidden = false;
    ui.confirmNo.focus();
  }
  function cancelRestart() {
    ui.confirm.hidden = true;
    ui.restart.focus();
  }
  function restart() {
    ui.confirm.hidden = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    failures = 0;
    showDown("");
    state = fresh(state);  // the draft's link stays
    state.open = true;
    ui.input.value = "";
    renderAll();
    renderDraftLink();
    save();
    send("/greet", "/greet", true);
    ui.input.focus();
  }
  function submit(event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text) { ui.input.focus(); return; }
    ui.input.value = "";
    state.typed = "";
    send(text, text);
    ui.input.focus();
  }

  function build() {
    var colors = config.colors || {};
    var host = el("aside", { class: "stodkollen-widget", "aria-label": t("title") });
    var shadow = host.attachShadow({ mode: "open" });
    var root = el("div", { class: "skw-root", hidden: "", lang: lang });
    ["primary", "onPrimary", "accent"].forEach(function (name) {
      if (colors[name]) root.style.setProperty("--skw-" + name.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }), colors[name]);
    });
    var css = el("link", { rel: "stylesheet", href: serviceUrl + "/widget/stodkollen-widget.css" });
    css.addEventListener("load", function () {
      root.hidden = false;
      // Laid out only now: back after a reload, the log opens at the newest message, not the greeting.
      ui.log.scrollTop = ui.log.scrollHeight;
    });
    shadow.appendChild(css);
    shadow.appendChild(root);

    ui.shadow = shadow;
    ui.root = root;
    ui.launcher = el("button", { type: "button", class: "skw-launcher", "aria-expanded": "false", "aria-controls": "skw-panel",
      onclick: function () { open(); } }, [el("span", { class: "skw-dot", "aria-hidden": "true" }), t("launcher")]);
    ui.log = el("div", { class: "skw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": t("log_label"), tabindex: "0" });
    ui.progressText = el("span", { id: "skw-progress-text" });
    ui.progressFill = el("span", { class: "skw-fill" });
    ui.progressBar = el("div", { class: "skw-bar", role: "progressbar", "aria-valuemin": "0",
      "aria-labelledby": "skw-progress-text" }, [ui.progressFill]);
    ui.progress = el("div", { class: "skw-progress", hidden: "" }, [ui.progressText, ui.progressBar]);
    ui.typing = el("p", { class: "skw-typing", hidden: "", "aria-hidden": "true" }, [
      el("span", { class: "skw-dots" }, [el("span"), el("span"), el("span")]), t("typing")]);
    ui.status = el("p", { class: "skw-sr", role: "status" });
    ui.alert = el("p", { class: "skw-alert", role: "alert", hidden: "" });
    ui.input = el("textarea", { id: "skw-input", class: "skw-input", rows: "2", maxlength: "2000",
      placeholder: t("placeholder"), autocomplete: "off" });
    ui.input.value = state.typed || "";
    ui.input.addEventListener("input", function () { state.typed = ui.input.value; save(); });
    ui.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
    });
    var form = el("form", { class: "skw-form", onsubmit: submit }, [
      el("label", { for: "skw-input", class: "skw-sr", text: t("input_label") }),
      ui.input,
      el("button", { type: "submit", class: "skw-send", text: t("send") }),
    ]);
    // The answer buttons come after the text box and "Skicka", in the order Tab goes forward.
    ui.replies = el("div", { class: "skw-tray" });
    ui.restart = el("button", { type: "button", class: "skw-ghost", text: t("restart"), onclick: askRestart });
    ui.draftLink = el("a", { class: "skw-ghost skw-draft", href: "#", target: "_blank", rel: "noopener noreferrer",
      text: t("draft_header"), hidden: "" });
    ui.confirmNo = el("button", { type: "button", class: "skw-reply", text: t("restart_no"), onclick: cancelRestart });
    ui.confirm = el("div", { class: "skw-confirm", role: "group", "aria-labelledby": "skw-confirm-text", hidden: "" }, [
      el("p", { id: "skw-confirm-text", text: t("restart_confirm") }),
      el("div", { class: "skw-confirm-actions" }, [
        el("button", { type: "button", class: "skw-reply skw-danger", text: t("restart_yes"), onclick: restart }),
        ui.confirmNo]),
    ]);
    ui.confirm.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.stopPropagation(); cancelRestart(); }
    });
    ui.panel = el("div", { id: "skw-panel", class: "skw-panel", role: "dialog", "aria-labelledby": "skw-title",
      "aria-describedby": "skw-subtitle", hidden: "" }, [
      el("div", { class: "skw-head" }, [
        el("div", { class: "skw-titles" }, [
          el("h2", { id: "skw-title", text: t("title") }),
          el("p", { id: "skw-subtitle", text: t("subtitle") }),
        ]),
        ui.draftLink,
        ui.restart,
        el("button", { type: "button", class: "skw-close", "aria-label": t("close"), onclick: close }, [
          el("span", { "aria-hidden": "true", text: "×" })]),
      ]),
      ui.confirm, ui.progress, ui.alert, ui.log, ui.typing, ui.status, form, ui.replies,
    ]);
    ui.panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.stopPropagation(); close(); } else if (e.key === "Tab") keepFocusInside(e);
    });
    fullScreen = window.matchMedia ? window.matchMedia(FULL_SCREEN) : null;
    if (fullScreen) {
      var modal = function () { ui.panel.setAttribute("aria-modal", fullScreen.matches ? "true" : "false"); };
      modal();
      if (fullScreen.addEventListener) fullScreen.addEventListener("change", modal);
    }
    root.appendChild(ui.launcher);
    root.appendChild(ui.panel);
    document.body.appendChild(host);
    renderAll();
    renderDraftLink();
    window.addEventListener("online", retryNow);
    if (state.open || config.open) open(false);
    if (state.outbox.length) pump(); // a message that was on its way when the page was left
  }

  /* The service cannot be reached and no texts are kept here (a first visit): a launcher of
     its own says so and gives Länsstyrelsen's number, in the words the service wrote into this
     file (BOOT.unreachable). Styled in code: the stylesheet comes from the same service.
     The widget itself appears as soon as the service answers again. */
  function unreachable() {
    var words = (BOOT.unreachable || {})[lang];
    if (!words) return null;
    var host = el("aside", { class: "stodkollen-widget", "aria-label": words.title });
    var link = el("a", { href: "tel:" + words.phone.replace(/[^0-9+]/g, ""), lang: lang, role: "status",
                         text: words.text });
    var look = { position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483000", maxWidth: "min(22rem, calc(100vw - 2rem))",
                 padding: ".75rem 1.25rem", borderRadius: "1.5rem", background: "#00546b", color: "#fff",
                 font: "600 1rem/1.4 system-ui, sans-serif", textDecoration: "underline", boxShadow: "0 .25rem 1rem rgba(0,0,0,.3)" };
    for (var name in look) link.style[name] = look[name];
    host.attachShadow({ mode: "open" }).appendChild(link);
    document.body.appendChild(host);
    return host;
  }
  function start() {
    var fallback = null, timer = null;
    function attempt() {
      clearTimeout(timer);
      loadStrings().then(function (strings) {
        window.removeEventListener("online", attempt);
        if (fallback) fallback.remove();
        S = strings;
        build();
      }, function (error) {
        if (window.console) console.warn(error.message);
        fallback = fallback || unreachable();
        timer = setTimeout(attempt, UNREACHABLE_RETRY_MS);
      });
    }
    window.addEventListener("online", attempt);
    attempt();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
