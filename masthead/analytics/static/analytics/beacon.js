/* Masthead's reader analytics: first-party, no cookies (masthead/analytics/CONTEXT.md).
 *
 * 1. After load, on an article page, one beacon: the article, the referrer's domain, the
 *    UTM campaign and the window width (for the device class). On any other page of
 *    ours with a page id (home, sections, authors…), one beacon with that id.
 * 2. On an article, when the page is hidden or left, a second one: whether the reader
 *    reached the end of the article and the seconds it was visible.
 * 3. On every page: the tab's source (the article last read, the referrer's domain and
 *    the campaign of the visit) is kept in sessionStorage, never in a cookie, and
 *    written into every <input name="mh_src">, so that a signup or a checkout can say
 *    what brought the reader (masthead/core/attribution.py).
 * Do Not Track and Global Privacy Control: no beacon is sent (the server checks too).
 * Each beacon is an empty POST with its data in the query string (nginxlog.py).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var endpoint = script.getAttribute("data-beacon");
  var article = script.getAttribute("data-article") || "";
  var page = script.getAttribute("data-page") || "";
  var KEY = "mh_src";

  function ownHost(host) {
    return host.replace(/^www\./, "").toLowerCase();
  }

  function referrerDomain() {
    if (!document.referrer) return "";
    try {
      var host = ownHost(new URL(document.referrer).hostname);
      return host === ownHost(location.hostname) ? "" : host;
    } catch (e) {
      return "";
    }
  }

  var ref = referrerDomain();
  var utm = (new URLSearchParams(location.search).get("utm_campaign") || "").slice(0, 100);

  // --- The tab's source, for attribution ------------------------------------------
  var source = {};
  try {
    source = JSON.parse(sessionStorage.getItem(KEY) || "{}") || {};
  } catch (e) {
    source = {};
  }
  if (ref || utm) {
    // A new arrival (from another site or a campaign link) replaces the visit's source.
    if (ref) source.ref = ref; else delete source.ref;
    if (utm) source.utm = utm; else delete source.utm;
  }
  if (article) source.article = parseInt(article, 10);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(source));
  } catch (e) {
    /* storage off: the fields are still filled for this page */
  }

  function fill() {
    var value = JSON.stringify(source);
    var fields = document.querySelectorAll('input[name="mh_src"]');
    for (var i = 0; i < fields.length; i++) fields[i].value = value;
  }
  fill();
  document.addEventListener("DOMContentLoaded", fill);
  // Per-reader parts may replace forms after load; a form is filled again as it is sent.
  document.addEventListener("masthead:reader", fill);
  document.addEventListener("submit", fill, true);

  // --- Counting ---------------------------------------------------------------------
  var optedOut =
    navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true;
  if ((!article && !page) || !endpoint || optedOut) return;

  // The data travels in the query string of an empty POST: behind nginx the beacon is
  // counted from nginx's access log, which sees the query string but never a body.
  function send(data) {
    var url = endpoint + (endpoint.indexOf("?") < 0 ? "?" : "&") + new URLSearchParams(data);
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    try {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    } catch (e) {
      /* nothing to do: a lost view */
    }
  }

  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  var visibleMs = 0;
  var reachedEnd = false;
  var ended = false;
  var viewed = false;

  function checkEnd() {
    if (reachedEnd) return;
    var body = document.querySelector(".article__body") || document.querySelector("main");
    if (body && body.getBoundingClientRect().bottom <= window.innerHeight + 40) {
      reachedEnd = true;
      window.removeEventListener("scroll", onScroll);
    }
  }
  var pending = false;
  function onScroll() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      checkEnd();
    });
  }

  function end() {
    if (ended || !viewed || !article) return; // no end without its view (left before load, prerendered)
    if (visibleSince !== null) visibleMs += Date.now() - visibleSince;
    visibleSince = null;
    ended = true;
    send({ a: article, e: "1", rt: reachedEnd ? "1" : "0", t: String(Math.round(visibleMs / 1000)) });
  }

  function view() {
    viewed = true;
    if (!article) {
      // A page view: counted with its readers, no second beacon.
      send({ p: page, r: ref, u: utm, w: String(window.innerWidth || 0) });
      return;
    }
    send({ a: article, r: ref, u: utm, w: String(window.innerWidth || 0) });
    checkEnd();
    window.addEventListener("scroll", onScroll, { passive: true });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") end();
    else if (!ended) visibleSince = Date.now();
  });
  window.addEventListener("pagehide", end);
  function start() {
    if (document.readyState === "complete") view();
    else window.addEventListener("load", view);
  }
  // A page prerendered by the browser is not a view until the reader opens it.
  if (document.prerendering) {
    visibleSince = null;
    document.addEventListener("prerenderingchange", function () {
      visibleSince = Date.now();
      start();
    }, { once: true });
  } else {
    start();
  }
})();
