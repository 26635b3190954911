// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary when a form comes back with errors,
// so keyboard and screen-reader users hear what to correct first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});

// The response form saves its draft while the author types: a few seconds
// after the last change, the form (without its files) goes to the draft's
// address. The server never overwrites a colleague's newer save; when that
// happens, saving stops here and the page says to save explicitly, which
// shows the two versions side by side.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  const status = document.getElementById("draft-status");
  const version = form.querySelector("input[name=draft_version]");
  let timer = null;
  let stopped = false;
  let busy = false;
  let again = false;

  const save = async () => {
    if (stopped) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const data = new FormData(form);
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) {
        data.delete(name);
      }
    }
    data.set("action", "save");
    try {
      const response = await fetch(form.dataset.autosave, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const body = await response.json();
      if (response.ok && version) {
        version.value = String(body.version);
      } else if (response.status === 409) {
        stopped = true;
      }
      if (status && body.message) {
        status.textContent = body.message;
      }
    } catch (_) {
      // Offline or the server is away: the next change tries again.
    } finally {
      busy = false;
      if (again && !stopped) {
        again = false;
        save();
      }
    }
  };

  const changed = (event) => {
    if (event.target && event.target.type === "file") {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 3000);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    stopped = true;
    window.clearTimeout(timer);
  });
});
