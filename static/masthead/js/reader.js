/* The per-reader parts of a cached public page (masthead/core/reader.py).
   One request to the uncached endpoint; each [data-reader-part] element gets its part's
   HTML, forms marked data-reader-csrf get a CSRF token, and the whole answer goes to
   other scripts as the document event "masthead:reader". Without JavaScript (or if the
   request fails) the page keeps its fallback content. No inline script: runs under a
   Content-Security-Policy of script-src 'self'. */
(function () {
  "use strict";
  var body = document.body;
  var endpoint = body.getAttribute("data-reader-url");
  if (!endpoint || !window.fetch) {
    return;
  }
  var forms = document.querySelectorAll("form[data-reader-csrf]");
  // Only ask when there is something to ask for: a signed-in reader (the mh_reader marker
  // set at sign-in), a form needing a token, or a part with data for anonymous readers.
  var signedIn = /(?:^|;\s*)mh_reader=/.test(document.cookie);
  if (!signedIn && !forms.length && !document.querySelector("[data-reader-anonymous]")) {
    return;
  }
  var params = new URLSearchParams({ path: window.location.pathname });
  var page = body.getAttribute("data-page-id");
  if (page) {
    params.set("page", page);
  }
  if (forms.length) {
    params.set("csrf", "1");
  }

  function fill(data) {
    var parts = data.parts || {};
    Object.keys(parts).forEach(function (name) {
      var part = parts[name];
      if (!part || typeof part.html !== "string") {
        return;
      }
      document.querySelectorAll('[data-reader-part="' + CSS.escape(name) + '"]').forEach(function (el) {
        el.innerHTML = part.html;
      });
    });
    if (data.csrf) {
      forms.forEach(function (form) {
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
  }

  function ask() {
    window
      .fetch(endpoint + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          fill(data);
        }
      })
      .catch(function () {
        /* the fallback content stays */
      });
  }

  // Asked once the page has painted: the page itself (its text, its lead picture) comes
  // first, and this request never competes with it for the network or the main thread.
  // A frame is one requestAnimationFrame away; the timeout after it runs once that frame
  // is drawn. A hidden tab draws nothing, so it asks at once.
  if (document.visibilityState === "hidden" || !window.requestAnimationFrame) {
    ask();
  } else {
    window.requestAnimationFrame(function () {
      window.setTimeout(ask, 0);
    });
  }
})();
