// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary when a form comes back with errors,
// so keyboard and screen-reader users hear what to correct first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
