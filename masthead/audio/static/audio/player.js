// Progressive enhancement for the narration player: a playback-speed picker.
// Without JavaScript the native <audio controls> player works on its own.
(function () {
  "use strict";
  document.querySelectorAll(".narration").forEach(function (section) {
    var audio = section.querySelector("audio");
    var meta = section.querySelector(".narration__meta");
    if (!audio || !meta || section.querySelector(".narration__speed")) return;
    var id = (audio.getAttribute("aria-labelledby") || "narration") + "-speed";
    var label = document.createElement("label");
    label.className = "narration__speed";
    label.setAttribute("for", id);
    label.textContent = "Speed ";
    var select = document.createElement("select");
    select.id = id;
    [0.75, 1, 1.25, 1.5, 1.75, 2].forEach(function (rate) {
      var option = document.createElement("option");
      option.value = String(rate);
      option.textContent = rate + "×";
      if (rate === 1) option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      audio.playbackRate = parseFloat(select.value);
    });
    label.appendChild(select);
    meta.appendChild(label);
  });
})();
