// The searchable multi-select: grouped DKFDS checkboxes that work without JavaScript. This
// adds a search field that filters the options (and hides empty groups), says how many match
// and what is chosen. Keyboard: type to filter; Enter or Arrow down goes to the first match;
// Escape clears the search. A static file, no inline script (strict CSP).
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("da").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function enhance(root, n) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "1";
    root.classList.add("is-enhanced");
    var options = root.querySelector(".hjemvej-multiselect-options");
    var rows = Array.prototype.slice.call(root.querySelectorAll(".form-group-checkbox"));
    var groups = Array.prototype.slice.call(root.querySelectorAll(".hjemvej-multiselect-group"));
    var base = options.id || "hjemvej-multiselect-" + n;

    var wrap = document.createElement("div");
    wrap.className = "form-group";
    var label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = base + "-search";
    label.textContent = root.dataset.searchLabel || "Søg i listen";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-input";
    search.id = base + "-search";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", options.id);
    search.setAttribute("aria-describedby", base + "-status");
    var status = document.createElement("p");
    status.className = "form-hint";
    status.id = base + "-status";
    status.setAttribute("role", "status");
    var chosen = document.createElement("p");
    chosen.className = "hjemvej-multiselect-chosen";
    chosen.id = base + "-chosen";
    chosen.setAttribute("aria-live", "polite");
    wrap.appendChild(label);
    wrap.appendChild(search);
    wrap.appendChild(status);
    root.insertBefore(wrap, options);
    root.insertBefore(chosen, options);

    function visibleBoxes() {
      return rows.filter(function (r) { return !r.hidden; }).map(function (r) {
        return r.querySelector("input");
      });
    }

    function filter() {
      var q = fold(search.value.trim());
      var shown = 0;
      rows.forEach(function (r) {
        var hit = !q || fold(r.textContent).indexOf(q) !== -1;
        r.hidden = !hit;
        if (hit) shown += 1;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector(".form-group-checkbox:not([hidden])");
      });
      if (!q) {
        status.textContent = rows.length + " valgmuligheder.";
      } else if (shown === 0) {
        status.textContent = root.dataset.emptyText || "Ingen passer til søgningen.";
      } else {
        status.textContent = shown + " passer til søgningen.";
      }
    }

    function summarise() {
      var names = rows.filter(function (r) { return r.querySelector("input").checked; })
        .map(function (r) { return r.querySelector("label").textContent.trim(); });
      chosen.textContent = names.length ? "Valgt (" + names.length + "): " + names.join(", ") : "Intet valgt.";
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === "ArrowDown") {
        e.preventDefault(); // Enter must not send the form
        var first = visibleBoxes()[0];
        if (first) first.focus();
      } else if (e.key === "Escape" && search.value) {
        e.preventDefault();
        search.value = "";
        filter();
      }
    });
    options.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var boxes = visibleBoxes();
      var i = boxes.indexOf(document.activeElement);
      if (i === -1) return;
      e.preventDefault();
      if (e.key === "ArrowDown" && i < boxes.length - 1) boxes[i + 1].focus();
      if (e.key === "ArrowUp") (i > 0 ? boxes[i - 1] : search).focus();
    });
    options.addEventListener("change", summarise);
    filter();
    summarise();
  }

  function start() {
    var roots = document.querySelectorAll("[data-multiselect]");
    for (var i = 0; i < roots.length; i += 1) enhance(roots[i], i);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSwap", start);
})();
