// Newsletter signup without a page load. The form works without this script: it posts
// and the server answers with a page. Here the same POST is sent with fetch, and the
// answer (or the error beside each field) is shown in place.
(function () {
  "use strict";

  function clearErrors(form) {
    form.querySelectorAll("[data-js-error]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.closest(".field") && input.closest(".field").classList.remove("field--invalid");
    });
  }

  function showError(form, name, messages) {
    var input = form.querySelector('[name="' + name + '"]');
    var field = input && input.closest(".field");
    var status = form.querySelector("[data-newsletter-status]");
    if (!field) {
      status.textContent = messages.join(" ");
      return;
    }
    var note = document.createElement("p");
    note.className = "field__error";
    note.id = (input.id || name) + "_error";
    note.setAttribute("data-js-error", "");
    note.textContent = messages.join(" ");
    field.classList.add("field--invalid");
    // Where the server puts it (components/form_field.html): just before the widget, so
    // in a group of checkboxes before the whole group, never inside the first one's label.
    var anchor = input;
    while (anchor.parentNode !== field) anchor = anchor.parentNode;
    field.insertBefore(note, anchor);
    field.querySelectorAll('[name="' + name + '"]').forEach(function (each) {
      each.setAttribute("aria-invalid", "true");
      each.setAttribute("aria-describedby", note.id);
    });
    input.focus();
  }

  function enhance(form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var status = form.querySelector("[data-newsletter-status]");
      var button = form.querySelector('button[type="submit"]');
      clearErrors(form);
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.ok) {
            status.textContent = data.message;
            form.querySelectorAll("input[type=email], input[type=text]").forEach(function (input) {
              if (input.name !== "website") input.value = "";
            });
          } else {
            Object.keys(data.errors || {}).forEach(function (name) {
              showError(form, name === "__all__" ? "" : name, data.errors[name]);
            });
          }
        })
        .catch(function () { form.submit(); })
        .finally(function () { button.disabled = false; });
    });
  }

  document.querySelectorAll("form[data-newsletter-signup]").forEach(enhance);
})();
