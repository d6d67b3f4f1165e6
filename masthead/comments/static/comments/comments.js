/* Per-reader touches on an article's cached comments (masthead/comments/CONTEXT.md).
   The per-reader answer ("masthead:reader", part "comments") says which comments this
   reader liked and which are their own and still editable; this turns the like counts
   into like buttons and adds Edit and Delete links. Without JavaScript the thread stays
   readable and Reply and Report are plain links. No inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  function likeLabel(count) {
    return count === 1 ? "1 like" : count + " likes";
  }

  function setup(part, csrf) {
    var liked = new Set(part.liked || []);
    var mine = new Set(part.mine || []);
    document.querySelectorAll("[data-comment-actions]").forEach(function (actions) {
      var id = Number(actions.getAttribute("data-comment-actions"));
      var count = actions.querySelector("[data-like-count]");
      if (count && !mine.has(id) && !actions.querySelector("[data-like-button]")) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "comment__like";
        button.setAttribute("data-like-button", id);
        button.setAttribute("aria-pressed", liked.has(id) ? "true" : "false");
        button.textContent = count.textContent;
        button.addEventListener("click", function () {
          var want = button.getAttribute("aria-pressed") !== "true";
          var body = new URLSearchParams({ like: want ? "1" : "0" });
          window
            .fetch("/comments/" + id + "/like/", {
              method: "POST",
              credentials: "same-origin",
              headers: { Accept: "application/json", "X-CSRFToken": csrf },
              body: body,
            })
            .then(function (response) {
              return response.json();
            })
            .then(function (data) {
              if (data.ok) {
                button.setAttribute("aria-pressed", data.liked ? "true" : "false");
                button.textContent = likeLabel(data.count);
              }
            })
            .catch(function () {});
        });
        count.replaceWith(button);
      }
      if (mine.has(id) && !actions.querySelector("[data-own]")) {
        var edit = document.createElement("a");
        edit.href = "/comments/" + id + "/edit/";
        edit.textContent = "Edit";
        edit.setAttribute("data-own", "");
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(edit);
        var report = actions.querySelector(".comment__report");
        if (report) {
          report.remove();
        }
      }
    });
  }

  document.addEventListener("masthead:reader", function (event) {
    var data = event.detail || {};
    var part = (data.parts || {}).comments;
    if (part && data.signed_in) {
      setup(part, part.csrf || data.csrf || "");
    }
  });
})();
