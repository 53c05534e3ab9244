// Hjemvej's small script: start DKFDS components (no inline scripts, so the CSP stays strict).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
