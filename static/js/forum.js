// Small progressive enhancements; every page works without this file.
// Loaded once per page by base.html; a page that also names it (ask.html) runs it once.
(() => {
  if (window.helpcircleForum) return;
  window.helpcircleForum = true;

  // --- Tags ------------------------------------------------------------------------------

  // Clicking a suggested tag replaces the word being typed in the tags box.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-tag]");
    if (!button) return;
    const input = document.getElementById("id_tags");
    if (!input) return;
    const words = input.value.split(/[\s,]+/).filter(Boolean);
    words.pop();
    words.push(button.dataset.addTag);
    input.value = words.join(" ") + " ";
    input.focus();
    document.getElementById("tag-suggestions").replaceChildren();
  });

  // --- No silent failures ---------------------------------------------------------------
  //
  // A control that htmx drives names its alert region in data-refusals. When the server
  // refuses (403, 409, 429, 500...) or cannot be reached, htmx swaps nothing, so the control
  // keeps its true state, and the reason is written into that region: with textContent,
  // never as HTML. The server answers htmx refusals with the reason as text/plain
  // (config/htmx_refusals.py); anything else gets a sentence for its status.

  const LONGEST_MESSAGE = 500;
  const NETWORK_MESSAGE = "Could not reach the site, so nothing was changed. Check your connection and try again.";
  const STATUS_MESSAGES = {
    401: "Your session has ended. Log in again, then try once more.",
    403: "That was refused. Reload the page and try again.",
    404: "That is no longer here. Reload the page to see what changed.",
    409: "Somebody changed this at the same time. Reload the page to see what changed.",
    429: "You are doing this too often. Wait a little, then try again.",
  };
  const SERVER_ERROR_MESSAGE = "Something went wrong on our side and nothing was changed. Try again in a moment.";

  let regionCount = 0;

  // The alert region belonging to the control `element` is part of; made beside it when
  // the control names none (it is kept, and reused, for the next message).
  function regionFor(element) {
    const control = element.closest("[data-refusals]") || element;
    const named = control.dataset.refusals && document.getElementById(control.dataset.refusals);
    if (named) return named;
    const region = document.createElement("span");
    regionCount += 1;
    region.id = `refusal-${regionCount}`;
    region.className = "refusal";
    region.setAttribute("role", "alert");
    control.insertAdjacentElement("afterend", region);
    control.dataset.refusals = region.id;
    return region;
  }

  function announce(region, message) {
    if (region.textContent === message) {
      // The same words again: empty the region first, or screen readers stay silent.
      region.textContent = "";
      window.setTimeout(() => {
        region.textContent = message;
      }, 100);
    } else {
      region.textContent = message;
    }
  }

  function clear(region) {
    region.textContent = "";
  }

  function messageOf(xhr) {
    const type = xhr.getResponseHeader("Content-Type") || "";
    const text = (xhr.responseText || "").trim();
    if (type.startsWith("text/plain") && text && text.length <= LONGEST_MESSAGE) return text;
    if (xhr.status >= 500) return SERVER_ERROR_MESSAGE;
    return STATUS_MESSAGES[xhr.status] || `That did not work (error ${xhr.status}). Reload the page and try again.`;
  }

  // Polling (the header's unread count) fails quietly: it tries again in a minute.
  function isQuiet(element) {
    return Boolean(element.closest("[data-refusals-quiet]"));
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const element = event.detail.elt;
    if (isQuiet(element)) return;
    const control = element.closest("[data-refusals]");
    const region = control && document.getElementById(control.dataset.refusals);
    if (region) clear(region);
  });

  document.addEventListener("htmx:responseError", (event) => {
    const element = event.detail.elt;
    if (isQuiet(element)) return;
    announce(regionFor(element), messageOf(event.detail.xhr));
  });

  for (const name of ["htmx:sendError", "htmx:timeout"]) {
    document.addEventListener(name, (event) => {
      const element = event.detail.elt;
      if (isQuiet(element)) return;
      announce(regionFor(element), NETWORK_MESSAGE);
    });
  }

  // A control the member may not use is aria-disabled, described by the reason (from the
  // permission checks, rendered by the server). It stays focusable so that the reason can
  // be heard; a click says the reason where it was clicked and sends nothing. Without this
  // file the click posts the form, and the server's refusal page gives the same reason.
  document.addEventListener("click", (event) => {
    for (const bubble of document.querySelectorAll(".refusal--bubble")) {
      if (!bubble.parentElement.contains(event.target)) clear(bubble);
    }
    const control = event.target.closest('[aria-disabled="true"]');
    if (!control) return;
    event.preventDefault();
    const reason = document.getElementById(control.getAttribute("aria-describedby") || "");
    announce(regionFor(control), reason ? reason.textContent.trim() : "You cannot do that here.");
  });

  // --- Saved replies in the queue's rows -------------------------------------------------
  //
  // "Insert" puts the chosen saved reply (filled in by the server, in data-body) into the
  // row's official-reply box named by data-insert-into, to edit before posting. Without this
  // file the form opens the thread's page with the reply in its answer box.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-insert-into]");
    if (!form) return;
    const box = document.getElementById(form.dataset.insertInto);
    const choice = form.querySelector("select")?.selectedOptions[0];
    if (!box || !choice || choice.dataset.body === undefined) return;
    event.preventDefault();
    box.value = choice.dataset.body;
    box.focus();
  });

  // --- Bulk decisions ----------------------------------------------------------------
  //
  // The reports queue's "Tick all" (hidden without this file) ticks every row's box that
  // belongs to the bulk form, or none.
  for (const label of document.querySelectorAll(".tick-all[hidden]")) label.hidden = false;
  document.addEventListener("change", (event) => {
    const all = event.target.closest("[data-tick-all]");
    if (!all) return;
    const selector = `input[type=checkbox][name="${all.dataset.tickAll}"][form="${all.dataset.tickForm}"]`;
    for (const box of document.querySelectorAll(selector)) box.checked = all.checked;
  });

  // Escape puts away a message floating beside a vote.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const bubble of document.querySelectorAll(".refusal--bubble")) clear(bubble);
  });

  // --- The header on a phone (issue 28) ----------------------------------------------
  //
  // Under 48rem the header's search is a button, its field hidden: the first press opens
  // the field over the header's row instead of searching for nothing (without this file it
  // opens the search page, which has its own form). Leaving the field, or Escape, closes it.
  function closeSearch(form, { refocus = false } = {}) {
    if (!form.classList.contains("site-search--open")) return;
    form.classList.remove("site-search--open");
    if (refocus) form.querySelector("button").focus();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".site-search button");
    if (!button) return;
    const input = button.form.querySelector("input[type=search]");
    if (input.getClientRects().length) return; // the field shows: search
    event.preventDefault();
    button.form.classList.add("site-search--open");
    input.focus();
  });

  // Pointer first: Safari does not focus a pressed button, so a blur would close the field
  // under the finger before its Search button is clicked. A press outside the header's
  // menus (Work, the member's own) closes them too, as a press outside a menu does.
  document.addEventListener("pointerdown", (event) => {
    for (const form of document.querySelectorAll(".site-search--open")) {
      if (!form.contains(event.target)) closeSearch(form);
    }
    for (const menu of document.querySelectorAll(".site-header details[open]")) {
      if (!menu.contains(event.target)) menu.open = false;
    }
  });

  // One header menu open at a time: on a phone they would cover each other.
  document.addEventListener(
    "toggle",
    (event) => {
      const menu = event.target;
      if (!menu.open || !menu.matches(".site-header details")) return;
      for (const other of document.querySelectorAll(".site-header details[open]")) {
        if (other !== menu) other.open = false;
      }
    },
    true,
  );
  document.addEventListener("focusout", (event) => {
    const form = event.target.closest(".site-search--open");
    if (form && event.relatedTarget && !form.contains(event.relatedTarget)) closeSearch(form);
  });

  // Escape closes the open search field or header menu and gives the focus back.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const form = event.target.closest(".site-search--open");
    if (form) closeSearch(form, { refocus: true });
    const menu = event.target.closest(".site-header details[open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
