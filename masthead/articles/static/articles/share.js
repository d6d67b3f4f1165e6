/* "Copy link" and the system's share sheet for the share links (components/share.html).
   Progressive: the buttons stay hidden unless the browser can copy (Clipboard API, secure
   context) or share (Web Share API); the plain links work without this script. No inline
   script, no request to anyone. */
(function () {
  "use strict";
  var roots = document.querySelectorAll("[data-share]");
  Array.prototype.forEach.call(roots, function (root) {
    var status = root.querySelector("[role=status]");
    function say(text) {
      if (!status) return;
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
    var copy = root.querySelector("[data-share-copy]");
    if (copy && window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
      copy.closest("li").hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(copy.dataset.shareCopy).then(
          function () { say(status.dataset.shareCopied); },
          function () { say(status.dataset.shareFailed); }
        );
      });
    }
    var native = root.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.closest("li").hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.dataset.shareTitle, url: native.dataset.shareNative })
          .catch(function () { /* the reader closed the sheet */ });
      });
    }
  });
})();
