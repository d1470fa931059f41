// Plays every <video data-hls-src> on the page: natively where the browser plays HLS
// (Safari, iOS), else through the vendored hls.js (MediaSource). Nothing here builds
// HTML from data: the status line is set with textContent.
(function () {
  "use strict";

  function setStatus(video, text) {
    var id = video.getAttribute("data-status-target");
    var el = id && document.getElementById(id);
    if (el) el.textContent = text;
  }

  function play(video) {
    var src = video.getAttribute("data-hls-src");
    var playing = video.getAttribute("data-text-playing") || "";
    var failed = video.getAttribute("data-text-failed") || "";
    video.muted = true; // autoplay is allowed only muted
    video.addEventListener("playing", function () { setStatus(video, playing); });
    if (window.Hls && window.Hls.isSupported()) {
      // No worker: the CSP allows scripts from 'self' only, not blob: workers.
      var hls = new window.Hls({ enableWorker: false, lowLatencyMode: true });
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data && data.fatal) {
          setStatus(video, failed);
          hls.destroy();
        }
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () { video.play().catch(function () {}); });
      window.addEventListener("pagehide", function () { hls.destroy(); });
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      video.addEventListener("error", function () { setStatus(video, failed); });
      video.play().catch(function () {});
    } else {
      setStatus(video, failed);
    }
  }

  function start() {
    document.querySelectorAll("video[data-hls-src]").forEach(play);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
