/* The per-reader parts of a cached page (masthead/core/reader.py). SHIM (h7-members):
   the seams helper owns this file. Without JavaScript each part's fallback stays. */
(function () {
  "use strict";
  var body = document.body;
  var params = new URLSearchParams({ path: location.pathname });
  if (body.dataset.pageId) params.set("page", body.dataset.pageId);
  fetch("/_/reader.json?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) return;
      Object.keys(data.parts || {}).forEach(function (name) {
        var part = data.parts[name];
        if (!part || typeof part.html !== "string") return;
        document.querySelectorAll('[data-reader-part="' + name + '"]').forEach(function (element) {
          element.innerHTML = part.html;
        });
      });
      if (data.csrf) {
        document.querySelectorAll("form[data-reader-csrf]").forEach(function (form) {
          var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = "csrfmiddlewaretoken";
            form.appendChild(input);
          }
          input.value = data.csrf;
        });
      }
      document.dispatchEvent(new CustomEvent("masthead:reader", { detail: data }));
    })
    .catch(function () {});
})();
