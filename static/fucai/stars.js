/* Lists with a tick per row (the provincial nomination and the province's reply): a
   "tick all" box ticks every row box of its form, and the count of ticked rows is shown. */
(function () {
  "use strict";

  function update(form) {
    var boxes = form.querySelectorAll("input[data-pick]");
    var ticked = form.querySelectorAll("input[data-pick]:checked").length;
    form.querySelectorAll("[data-picked-count]").forEach(function (el) {
      el.textContent = String(ticked);
    });
    form.querySelectorAll("input[data-pick-all]").forEach(function (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.form) { return; }
    if (target.matches("input[data-pick-all]")) {
      target.form.querySelectorAll("input[data-pick]").forEach(function (box) {
        box.checked = target.checked;
      });
      update(target.form);
    } else if (target.matches("input[data-pick]")) {
      update(target.form);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-pick-form]").forEach(update);
  });
})();
