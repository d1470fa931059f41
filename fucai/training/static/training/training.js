/* Training on a phone (Alpine CSP build: components registered here, no inline code).
   materialProgress: the video player reports its furthest position every 10 s, on pause
   and at the end; a document reports once when opened. examAttempt: the countdown
   (the deadline is the server's; this only shows it), each answer saved as it is
   given, and the hand-in when the time is up. */
(function () {
  "use strict";

  var REPORT_EVERY_MS = 10000;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  document.addEventListener("alpine:init", function () {
    window.Alpine.data("materialProgress", function () {
      return {
        note: "",
        opened: function () {},
        init: function () {
          var self = this;
          var root = this.$el;
          var url = root.dataset.progressUrl;
          var messages = readJson("training-messages");
          var lastSent = -1;
          function show(data) {
            if (!data) { return; }
            self.note = data.completed ? messages.completed : messages.watched.replace("{percent}", String(data.percent));
          }
          function report(video) {
            if (!url) { return; }
            var position = video ? Math.floor(video.currentTime || 0) : 0;
            if (video && position === lastSent) { return; }
            lastSent = position;
            var body = video ? { position: position, duration: isFinite(video.duration) ? video.duration : 0 } : {};
            postJson(url, body).then(function (result) { if (result.ok) { show(result.data); } }, function () {});
          }
          self.opened = function () { report(null); };
          var video = this.$refs.video;
          if (!video) { return; }
          var start = parseInt(root.dataset.start || "0", 10);
          video.addEventListener("loadedmetadata", function () {
            if (start > 0 && start < video.duration - 1) { video.currentTime = start; }
          });
          var timer = null;
          video.addEventListener("play", function () {
            if (timer === null) { timer = window.setInterval(function () { report(video); }, REPORT_EVERY_MS); }
          });
          video.addEventListener("pause", function () {
            if (timer !== null) { window.clearInterval(timer); timer = null; }
            report(video);
          });
          video.addEventListener("ended", function () { report(video); });
          video.addEventListener("seeked", function () { if (video.paused) { report(video); } });
        }
      };
    });

    window.Alpine.data("examAttempt", function () {
      return {
        clock: "",
        saveNote: "",
        saveClass: "text-secondary",
        save: function () {},
        init: function () {
          var self = this;
          var form = this.$el;
          var messages = readJson("training-messages");
          var url = form.dataset.answerUrl;
          var endsAt = Date.now() + parseInt(form.dataset.secondsLeft || "0", 10) * 1000;
          var handedIn = false;
          form.addEventListener("submit", function () { handedIn = true; });

          function pad(n) { return (n < 10 ? "0" : "") + n; }
          function tick() {
            var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
            self.clock = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
            if (left <= 0 && !handedIn) {
              handedIn = true;
              self.saveNote = messages.timeUp;
              form.submit();
            }
          }
          tick();
          window.setInterval(tick, 1000);

          self.save = function (event) {
            var name = event.target.name;
            var chosen = Array.prototype.map.call(
              form.querySelectorAll("input[name='" + name + "']:checked"),
              function (input) { return parseInt(input.value, 10); }
            );
            var answers = {};
            answers[name.slice(1)] = chosen;
            self.saveNote = messages.saving;
            self.saveClass = "text-secondary";
            postJson(url, { answers: answers }).then(function (result) {
              self.saveNote = result.ok ? messages.saved : (result.data.detail || messages.offline);
              self.saveClass = result.ok ? "text-success" : "text-danger";
            }, function () {
              self.saveNote = messages.offline;
              self.saveClass = "text-danger";
            });
          };
        }
      };
    });
  });
})();
