/* The live news feed: keeps the feed page and the widget current without a reload.
   Connects to /live/stream (server-sent events) from the change id the page was rendered
   with, so a page served from a cache first receives what it missed. Falls back to polling
   /live/changes.json (ETag/304) when EventSource is missing or keeps failing. Without
   JavaScript the page is plain HTML. */
(function () {
  "use strict";
  if (window.mastheadLiveFeed) return;
  var roots = Array.prototype.slice.call(document.querySelectorAll("[data-live-feed]"));
  if (!roots.length) return;
  window.mastheadLiveFeed = true;

  var first = roots[0];
  var cursor = 0;
  roots.forEach(function (root) { cursor = Math.max(cursor, parseInt(root.dataset.liveCursor, 10) || 0); });
  var pollSeconds = Math.max(1, parseInt(first.dataset.livePoll, 10) || 5);
  var source = null, failures = 0, timer = null;

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function announce(root, change) {
    var region = root.querySelector("[data-live-announcer]");
    if (!region) return;
    var label = change.breaking ? root.dataset.announceBreaking : root.dataset.announceNew;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = label + " " + change.headline; }, 50);
  }

  function published(el) { return parseInt(el.dataset.published, 10) || 0; }

  function insertSorted(list, el) {
    var items = list.querySelectorAll(":scope > [data-item-id]");
    var mine = published(el), id = parseInt(el.dataset.itemId, 10);
    for (var i = 0; i < items.length; i++) {
      var other = published(items[i]);
      if (other < mine || (other === mine && parseInt(items[i].dataset.itemId, 10) < id)) {
        list.insertBefore(el, items[i]);
        return;
      }
    }
    list.appendChild(el);
  }

  function dayList(root, change) {
    var days = root.querySelector("[data-live-days]");
    var section = days.querySelector('[data-day="' + change.day + '"]');
    if (!section) {
      section = document.createElement("section");
      section.className = "feed-day";
      section.dataset.day = change.day;
      section.setAttribute("aria-labelledby", "day-" + change.day);
      var heading = document.createElement("h2");
      heading.className = "feed-day__heading rubric";
      heading.id = "day-" + change.day;
      heading.textContent = change.day_label;
      var list = document.createElement("ol");
      list.className = "feed-day__list feed-list";
      section.appendChild(heading);
      section.appendChild(list);
      var sections = days.querySelectorAll(":scope > [data-day]");
      var placed = false;
      for (var i = 0; i < sections.length && !placed; i++) {
        if (sections[i].dataset.day < change.day) { days.insertBefore(section, sections[i]); placed = true; }
      }
      if (!placed) days.appendChild(section);
    }
    return section.querySelector("ol");
  }

  function removeItem(root, id) {
    var found = false;
    root.querySelectorAll('[data-item-id="' + id + '"]').forEach(function (el) {
      var section = el.parentElement && el.parentElement.closest("section[data-day]");
      el.remove();
      found = true;
      if (section && !section.querySelector("[data-item-id]")) section.remove();
    });
    var pinned = root.querySelector("[data-live-pinned]");
    if (pinned) pinned.hidden = !pinned.querySelector("[data-item-id]");
    return found;
  }

  function applyToPage(root, change) {
    var existed = removeItem(root, change.id);
    if (change.kind === "deleted") return;
    var isFirst = root.dataset.liveFirst === "1";
    if (!existed && !isFirst) return; // an older page: new items belong on the first one
    var el = fragment(change.html);
    var pinned = root.querySelector("[data-live-pinned]");
    if (change.pinned && pinned) {
      insertSorted(pinned.querySelector("ol"), el);
      pinned.hidden = false;
    } else {
      insertSorted(dayList(root, change), el);
    }
    var empty = root.querySelector("[data-live-empty]");
    if (empty) empty.remove();
    if (change.kind === "published") announce(root, change);
  }

  function applyToWidget(root, change) {
    var list = root.querySelector("[data-live-list]");
    var existed = removeItem(root, change.id);
    if (change.kind === "deleted") return;
    var items = list.querySelectorAll("[data-item-id]");
    var oldest = items.length ? published(items[items.length - 1]) : 0;
    if (!existed && items.length && change.published < oldest) return;
    insertSorted(list, fragment(change.compact));
    var limit = parseInt(root.dataset.liveLimit, 10) || 6;
    items = list.querySelectorAll("[data-item-id]");
    for (var i = limit; i < items.length; i++) items[i].remove();
    if (change.kind === "published") announce(root, change);
  }

  function apply(change) {
    if (!change || change.seq <= cursor) return;
    cursor = change.seq;
    roots.forEach(function (root) {
      if (root.dataset.liveFeed === "page") applyToPage(root, change);
      else applyToWidget(root, change);
    });
  }

  function onEvent(event) {
    failures = 0;
    try { apply(JSON.parse(event.data)); } catch (error) { /* a malformed event: skip it */ }
  }

  function poll() {
    var url = first.dataset.liveChanges + "?after=" + cursor;
    fetch(url, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (data) { if (data) data.changes.forEach(apply); })
      .catch(function () {})
      .then(function () { timer = window.setTimeout(poll, pollSeconds * 1000); });
  }

  function startPolling() {
    if (source) { source.close(); source = null; }
    if (!timer) poll();
  }

  function connect() {
    if (first.dataset.liveTransport === "poll" || !window.EventSource) return startPolling();
    source = new EventSource(first.dataset.liveStream + "?cursor=" + cursor);
    ["item.published", "item.updated", "item.deleted"].forEach(function (name) {
      source.addEventListener(name, onEvent);
    });
    source.onopen = function () { failures = 0; };
    source.onerror = function () {
      // EventSource reconnects by itself (with Last-Event-ID); a stream that keeps failing,
      // e.g. behind a proxy that cuts long connections, gives way to polling.
      failures += 1;
      if (failures >= 4 || source.readyState === EventSource.CLOSED) startPolling();
    };
  }

  // Connected once the page has loaded: a stream held open (or the first poll) never
  // takes a connection from the page's own pictures and scripts.
  if (document.readyState === "complete") connect();
  else window.addEventListener("load", connect, { once: true });
})();
