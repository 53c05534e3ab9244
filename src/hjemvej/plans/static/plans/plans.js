// The "print" button on the printable plan (no inline scripts under the CSP).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-plans-print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});
