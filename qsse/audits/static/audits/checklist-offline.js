// Offline entry of the audit checklist: when the device is offline (or a save fails), answers are
// queued in localStorage, a counter shows how many wait, and the queue is replayed on "online".
(function () {
  "use strict";
  const root = document.getElementById("checklist");
  if (!root) { return; }
  const key = "qsse-audit-" + root.dataset.audit + "-queue";
  const badge = document.getElementById("offline-queue");
  const csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value;

  function load() { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(key, JSON.stringify(queue)); render(); }
  function render() {
    const n = load().length;
    badge.hidden = n === 0 && navigator.onLine;
    badge.textContent = n ? n + " " + root.dataset.labelWaiting : (navigator.onLine ? "" : root.dataset.labelOffline);
  }
  function entryFrom(form) {
    const checked = form.querySelector("[name=answer]:checked");
    return {
      question: parseInt(form.dataset.question, 10),
      answer: checked ? checked.value : undefined,
      evidence: form.querySelector("[name=evidence]").value,
    };
  }
  function enqueue(form) {
    const entry = entryFrom(form);
    // Only the latest state of a question matters.
    const queue = load().filter((item) => item.question !== entry.question);
    queue.push(entry);
    save(queue);
    const status = form.closest(".question-card").querySelector(".answer-status");
    if (status) { status.textContent = "⏳ " + root.dataset.labelWaiting; }
  }
  function flush() {
    const queue = load();
    if (!queue.length || !navigator.onLine) { render(); return; }
    fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: queue }),
    }).then((response) => {
      if (response.ok) {
        localStorage.removeItem(key);
        render();
        badge.hidden = false;
        badge.textContent = root.dataset.labelSynced;
        badge.classList.replace("text-bg-warning", "text-bg-success");
      }
    }).catch(render);
  }
  // Offline: keep every change here (the latest state of each question)...
  root.addEventListener("change", (event) => {
    const form = event.target.closest("form.checklist-answer");
    if (form && !navigator.onLine) { enqueue(form); }
  });
  // ...and send nothing.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form.checklist-answer");
    if (form && !navigator.onLine) { event.preventDefault(); }
  });
  // The request failed on the way (connection lost): keep it too.
  document.body.addEventListener("htmx:sendError", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("form.checklist-answer");
    if (form) { enqueue(form); }
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  render();
  flush();
})();
