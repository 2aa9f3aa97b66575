// Small progressive enhancements; every page works without JavaScript.
// Keyboard shortcuts on elements that declare data-key="x" (e.g. the reviewer console).
document.addEventListener("keydown", function (event) {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = document.querySelector('[data-key="' + event.key + '"]');
  if (target) { event.preventDefault(); target.click(); }
});
