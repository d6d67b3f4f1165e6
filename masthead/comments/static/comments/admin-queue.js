/* Keyboard shortcuts in the comment moderation queue: j/k move between comments, x ticks
   one, a approves, r rejects (asking for the reason), h hides, d deletes, o opens. Keys
   typed into a field are left alone. */
(function () {
  "use strict";
  var queue = document.querySelector("[data-comments-queue]");
  if (!queue) {
    return;
  }
  var rows = Array.prototype.slice.call(queue.querySelectorAll("[data-queue-row]"));
  var current = -1;

  function focusRow(index) {
    if (!rows.length) {
      return;
    }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      row.classList.toggle("is-current", i === current);
    });
    rows[current].focus();
  }

  function act(action) {
    var row = rows[current];
    if (!row) {
      return;
    }
    var id = row.getAttribute("data-queue-row");
    var form = document.querySelector('[data-act-form="' + id + '"]');
    if (!form) {
      return;
    }
    if (action === "reject") {
      var reason = window.prompt("Reason for the rejection (the commenter sees it):");
      if (!reason) {
        return;
      }
      form.querySelector("[data-act-reason]").value = reason;
    }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "action";
    input.value = action;
    form.appendChild(input);
    form.submit();
  }

  queue.querySelectorAll('[data-queue-action="reject"]').forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = document.getElementById(button.getAttribute("form"));
      var reason = window.prompt("Reason for the rejection (the commenter sees it):");
      if (!reason) {
        event.preventDefault();
        return;
      }
      form.querySelector("[data-act-reason]").value = reason;
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var keys = { a: "approve", r: "reject", h: "hide", d: "delete" };
    if (event.key === "j") {
      focusRow(current + 1);
    } else if (event.key === "k") {
      focusRow(current - 1);
    } else if (event.key === "x" && rows[current]) {
      var box = rows[current].querySelector('input[type="checkbox"]');
      if (box) {
        box.checked = !box.checked;
      }
    } else if (event.key === "o" && rows[current]) {
      var link = rows[current].querySelector("[data-queue-open]");
      if (link) {
        window.location = link.href;
      }
    } else if (keys[event.key]) {
      act(keys[event.key]);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
