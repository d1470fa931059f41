/* The inspector's phone: today's list (nearest first) and the field form, which keeps
   everything the inspector enters in localStorage (keyed by the inspection's client id)
   and syncs it whenever the network is there. Every request is safe to repeat: answers
   are upserted by item (an older copy never overwrites a newer one) and each photo
   carries a UUID, so a resent photo is the same photo. Loaded before Alpine (CSP build:
   no inline expressions, components registered here). */
(function () {
  "use strict";

  var EARTH_RADIUS_M = 6371008.8;
  var RETRY_MIN_MS = 3000;
  var RETRY_MAX_MS = 60000;

  function haversine(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var dphi = (lat2 - lat1) * rad;
    var dlmb = (lng2 - lng1) * rad;
    var h = Math.pow(Math.sin(dphi / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dlmb / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function formatDistance(metres, messages) {
    if (metres === null || metres === undefined || isNaN(metres)) { return ""; }
    if (metres < 1000) { return messages.metres.replace("%s", String(Math.round(metres))); }
    return messages.kilometres.replace("%s", (metres / 1000).toFixed(1));
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); });
    return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" +
      hex.slice(6, 8).join("") + "-" + hex.slice(8, 10).join("") + "-" + hex.slice(10).join("");
  }

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // A request that may fail because the network is gone (rejects) or because the
  // server refused it (resolves with ok=false and the JSON error).
  function send(url, body, isForm) {
    var headers = { "X-CSRFToken": csrfToken(), Accept: "application/json" };
    if (!isForm) { headers["Content-Type"] = "application/json"; }
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: headers,
      body: isForm ? body : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  // Shrinking photos is shared with the rectification reply form (photos.js).
  var photos = window.fucaiPhotos;

  document.addEventListener("alpine:init", function () {
    // Today's list: with the phone's location, each card shows its distance and the
    // nearest station comes first. Without it the list keeps its order (by due date).
    window.Alpine.data("todayList", function () {
      return {
        locationNote: "",
        init: function () {
          var self = this;
          var root = this.$el;
          var messages = readJson("field-messages") || {};
          if (!navigator.geolocation) { return; }
          self.locationNote = messages.locating || "";
          navigator.geolocation.getCurrentPosition(function (position) {
            var lat = position.coords.latitude;
            var lng = position.coords.longitude;
            var list = root.querySelector("[data-today-items]");
            if (!list) { self.locationNote = ""; return; }
            var cards = Array.prototype.slice.call(list.querySelectorAll("[data-lat]"));
            cards.forEach(function (card) {
              var d = card.dataset.lat ? haversine(lat, lng, +card.dataset.lat, +card.dataset.lng) : Infinity;
              card.dataset.distance = String(d);
              var label = card.querySelector("[data-distance-label]");
              if (label && isFinite(d)) { label.textContent = formatDistance(d, messages); }
            });
            cards.sort(function (a, b) { return +a.dataset.distance - +b.dataset.distance; });
            cards.forEach(function (card) { list.appendChild(card); });
            self.locationNote = messages.nearestFirst || "";
          }, function () {
            self.locationNote = messages.noLocation || "";
          }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        }
      };
    });

    window.Alpine.data("inspectionForm", function () {
      return {
        statusText: "",
        statusClass: "text-secondary",
        checkInText: "",
        signatureText: "",
        error: "",
        submitting: false,
        // Replaced in init (declared here so that Alpine binds them).
        checkIn: function () {},
        clearSignature: function () {},
        saveSignature: function () {},
        syncNow: function () {},
        submit: function () {},

        init: function () {
          var self = this;
          var root = this.$el;
          var server = readJson("field-state");
          var messages = readJson("field-messages") || {};
          var key = "fucai.inspection." + server.clientId;
          var local = load();
          var syncing = false;
          var again = false;
          var retryDelay = RETRY_MIN_MS;
          var retryTimer = null;
          var version = server.version;

          function empty() {
            return { answers: {}, checkIn: null, photos: [], signature: null, summary: "" };
          }

          function load() {
            try {
              var stored = JSON.parse(window.localStorage.getItem(key) || "null");
              return stored && stored.answers ? stored : empty();
            } catch (e) { return empty(); }
          }

          function save() {
            try {
              window.localStorage.setItem(key, JSON.stringify(local));
              return true;
            } catch (e) {
              self.error = messages.storageFull;
              return false;
            }
          }

          function pendingCount() {
            var n = 0;
            Object.keys(local.answers).forEach(function (id) { if (local.answers[id].dirty) { n++; } });
            local.photos.forEach(function (p) { if (p.pending) { n++; } });
            if (local.checkIn && local.checkIn.pending) { n++; }
            if (local.signature && local.signature.pending) { n++; }
            return n;
          }

          function showStatus() {
            var pending = pendingCount();
            if (!navigator.onLine) {
              self.statusText = messages.offline.replace("%s", String(pending));
              self.statusClass = "text-warning";
            } else if (pending) {
              self.statusText = messages.pending.replace("%s", String(pending));
              self.statusClass = "text-warning";
            } else {
              self.statusText = messages.synced;
              self.statusClass = "text-success";
            }
            root.dataset.pending = String(pending);
          }

          // -- answers <-> inputs ------------------------------------------------------
          function itemElement(id) { return root.querySelector('[data-item="' + id + '"]'); }

          function readItem(element) {
            var id = element.dataset.item;
            var type = element.dataset.type;
            var answer = { item: parseInt(id, 10), passed: null, score: null, number: null, text: "", comment: "" };
            var checked = element.querySelector('input[name="passed-' + id + '"]:checked');
            if (type === "pass_fail" && checked) { answer.passed = checked.value === "1"; }
            var score = element.querySelector('[name="score-' + id + '"]');
            if (score && score.value !== "") { answer.score = score.value; }
            var number = element.querySelector('[name="number-' + id + '"]');
            if (number && number.value !== "") { answer.number = number.value; }
            var text = element.querySelector('[name="text-' + id + '"]');
            if (text) { answer.text = text.value; }
            var comment = element.querySelector('[name="comment-' + id + '"]');
            if (comment) { answer.comment = comment.value; }
            return answer;
          }

          function writeItem(id, answer) {
            var element = itemElement(id);
            if (!element) { return; }
            if (answer.passed === true || answer.passed === false) {
              var radio = element.querySelector('input[name="passed-' + id + '"][value="' + (answer.passed ? "1" : "0") + '"]');
              if (radio) { radio.checked = true; }
            }
            [["score", answer.score], ["number", answer.number], ["text", answer.text], ["comment", answer.comment]].forEach(function (pair) {
              var input = element.querySelector('[name="' + pair[0] + "-" + id + '"]');
              if (input && pair[1] !== null && pair[1] !== undefined) { input.value = pair[1]; }
            });
            markItem(id);
          }

          function markItem(id) {
            var element = itemElement(id);
            var answer = local.answers[id];
            if (!element) { return; }
            element.classList.toggle("field-item-failed", !!answer && answer.passed === false);
            element.classList.toggle("field-item-pending", !!answer && !!answer.dirty);
          }

          // Saved on the phone at once (every keystroke); sent now, or for typing a
          // moment after the last key.
          var typing = null;
          function answerChanged(element, typed) {
            var id = element.dataset.item;
            var answer = readItem(element);
            answer.answered_at = new Date().toISOString();
            answer.dirty = true;
            local.answers[id] = answer;
            save();
            markItem(id);
            showStatus();
            window.clearTimeout(typing);
            if (typed) { typing = window.setTimeout(sync, 600); } else { sync(); }
          }

          // -- photos ------------------------------------------------------------------
          function addThumbnail(item, src, pending) {
            var box = root.querySelector('[data-photos-for="' + (item || 0) + '"]');
            if (!box || !src) { return; }
            var image = document.createElement("img");
            image.src = src;
            image.alt = "";
            image.className = "field-thumb" + (pending ? " field-thumb-pending" : "");
            image.setAttribute("data-testid", "photo-thumb");
            box.appendChild(image);
          }

          function photoTaken(input) {
            var file = input.files && input.files[0];
            var item = input.dataset.photoFor || "";
            if (!file) { return; }
            if (file.size > server.maxPhotoBytes * 4) { self.error = messages.photoTooLarge; return; }
            photos.compress(file).then(function (data) {
              input.value = "";
              if (!data) { self.error = messages.photoUnreadable; return; }
              var photo = { client_id: uuid4(), item: item, data: data, pending: true };
              local.photos.push(photo);
              if (!save()) { local.photos.pop(); return; }
              addThumbnail(item, data, true);
              showStatus();
              sync();
            });
          }

          // -- check-in ------------------------------------------------------------------
          function showCheckIn(distance, far, located) {
            if (located === false) {
              self.checkInText = messages.checkedInUnknown;
            } else if (distance === null || distance === undefined) {
              self.checkInText = messages.checkedInNoStation;
            } else {
              self.checkInText = messages.checkedIn.replace("%s", formatDistance(distance, messages)) +
                (far ? " " + messages.far : "");
            }
            root.dataset.checkedIn = "1";
          }

          self.checkIn = function () {
            self.error = "";
            self.checkInText = messages.locating;
            function record(position) {
              local.checkIn = {
                latitude: position ? position.coords.latitude : null,
                longitude: position ? position.coords.longitude : null,
                accuracy: position ? position.coords.accuracy : null,
                at: new Date().toISOString(),
                pending: true
              };
              save();
              var station = server.station;
              if (position && station) {
                var d = haversine(position.coords.latitude, position.coords.longitude, station[0], station[1]);
                showCheckIn(d, d > server.farMetres, true);
              } else {
                showCheckIn(null, false, !!position);
              }
              showStatus();
              sync();
            }
            if (!navigator.geolocation) { record(null); return; }
            navigator.geolocation.getCurrentPosition(record, function () { record(null); },
              { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
          };

          // -- signature -------------------------------------------------------------------
          var canvas = root.querySelector("[data-signature-pad]");
          var inked = false;
          if (canvas) {
            var context = canvas.getContext("2d");
            var drawing = false;
            context.lineWidth = 2.5;
            context.lineCap = "round";
            context.strokeStyle = "#111";
            var point = function (event) {
              var rect = canvas.getBoundingClientRect();
              return [(event.clientX - rect.left) * canvas.width / rect.width,
                (event.clientY - rect.top) * canvas.height / rect.height];
            };
            canvas.addEventListener("pointerdown", function (event) {
              drawing = true;
              canvas.setPointerCapture(event.pointerId);
              var p = point(event);
              context.beginPath();
              context.moveTo(p[0], p[1]);
              event.preventDefault();
            });
            canvas.addEventListener("pointermove", function (event) {
              if (!drawing) { return; }
              var p = point(event);
              context.lineTo(p[0], p[1]);
              context.stroke();
              inked = true;
              event.preventDefault();
            });
            var stop = function () { drawing = false; };
            canvas.addEventListener("pointerup", stop);
            canvas.addEventListener("pointercancel", stop);
          }

          self.clearSignature = function () {
            if (!canvas) { return; }
            canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
            inked = false;
          };

          self.saveSignature = function () {
            var name = root.querySelector("[name=signed_by]");
            self.error = "";
            if (!inked) { self.error = messages.signFirst; return; }
            if (!name || !name.value.trim()) { self.error = messages.signerName; return; }
            local.signature = { signed_by: name.value.trim(), data: canvas.toDataURL("image/png"), pending: true };
            save();
            self.signatureText = messages.signatureSaved;
            showStatus();
            sync();
          };

          // -- sync ------------------------------------------------------------------------
          function refused(result) {
            self.error = (result.data && result.data.error) || messages.refused;
          }

          function step() {
            if (local.checkIn && local.checkIn.pending) {
              var sent = local.checkIn;
              return send(server.urls.checkIn, {
                latitude: sent.latitude, longitude: sent.longitude, accuracy: sent.accuracy, at: sent.at
              }).then(function (result) {
                if (!result.ok) { refused(result); sent.pending = false; save(); return false; }
                version = result.data.version;
                sent.pending = false;
                save();
                showCheckIn(result.data.distance, result.data.far, result.data.located);
                return true;
              });
            }
            var ids = Object.keys(local.answers).filter(function (id) { return local.answers[id].dirty; });
            if (ids.length) {
              var batch = ids.map(function (id) {
                var a = local.answers[id];
                return { item: a.item, passed: a.passed, score: a.score, number: a.number,
                  text: a.text, comment: a.comment, answered_at: a.answered_at };
              });
              return send(server.urls.answers, { answers: batch }).then(function (result) {
                if (!result.ok) { refused(result); return false; }
                version = result.data.version;
                batch.forEach(function (sent) {
                  var current = local.answers[String(sent.item)];
                  // Changed again while this request was out: that copy is still to send.
                  if (current && current.answered_at === sent.answered_at) { current.dirty = false; }
                  markItem(String(sent.item));
                });
                save();
                return true;
              });
            }
            var photo = local.photos.filter(function (p) { return p.pending; })[0];
            if (photo) {
              var form = new FormData();
              form.append("photo", photos.dataUrlToBlob(photo.data), "photo.jpg");
              form.append("client_id", photo.client_id);
              form.append("item", photo.item || "");
              return send(server.urls.photos, form, true).then(function (result) {
                if (!result.ok) {
                  refused(result);
                  // A photo the server refuses (not an image, too large) is dropped.
                  local.photos = local.photos.filter(function (p) { return p !== photo; });
                  save();
                  var thumbs = root.querySelectorAll(".field-thumb-pending");
                  Array.prototype.forEach.call(thumbs, function (t) { if (t.src === photo.data) { t.remove(); } });
                  return false;
                }
                version = result.data.version;
                photo.pending = false;
                photo.data = null;  // stored on the server now: free the phone's storage
                photo.url = result.data.url;
                save();
                Array.prototype.forEach.call(root.querySelectorAll(".field-thumb-pending"), function (t) {
                  t.classList.remove("field-thumb-pending");
                });
                return true;
              });
            }
            if (local.signature && local.signature.pending) {
              var signature = local.signature;
              return send(server.urls.sign, {
                signed_by: signature.signed_by, signature: signature.data
              }).then(function (result) {
                if (!result.ok) { refused(result); signature.pending = false; save(); return false; }
                version = result.data.version;
                signature.pending = false;
                save();
                self.signatureText = messages.signatureSynced;
                root.dataset.signed = "1";
                return true;
              });
            }
            return Promise.resolve(false);
          }

          function retryLater() {
            if (retryTimer) { return; }
            retryTimer = window.setTimeout(function () { retryTimer = null; sync(); }, retryDelay);
            retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          }

          function sync() {
            showStatus();
            if (!navigator.onLine) { return Promise.resolve(); }
            if (syncing) { again = true; return Promise.resolve(); }
            syncing = true;
            var loop = function () {
              return step().then(function (progressed) { return progressed ? loop() : null; });
            };
            return loop().then(function () {
              retryDelay = RETRY_MIN_MS;
            }, function () {
              retryLater();  // the network dropped mid-request: keep everything, try again
            }).then(function () {
              syncing = false;
              showStatus();
              if (again) { again = false; return sync(); }
            });
          }
          self.syncNow = function () { self.error = ""; sync(); };

          // -- submit ------------------------------------------------------------------------
          self.submit = function () {
            self.error = "";
            var summary = root.querySelector("[name=summary]");
            sync().then(function () {
              if (pendingCount()) { self.error = messages.notSynced; return null; }
              self.submitting = true;
              return send(server.urls.submit, { version: version, summary: summary ? summary.value : "" });
            }).then(function (result) {
              if (!result) { return; }
              self.submitting = false;
              if (!result.ok) { refused(result); return; }
              window.localStorage.removeItem(key);
              window.location.assign(result.data.url);
            }, function () {
              self.submitting = false;
              self.error = messages.offlineSubmit;
            });
          };

          // -- start ---------------------------------------------------------------------------
          Object.keys(server.answers).forEach(function (id) {
            var mine = local.answers[id];
            if (!mine || !mine.dirty) { local.answers[id] = server.answers[id]; }
          });
          Object.keys(local.answers).forEach(function (id) { writeItem(id, local.answers[id]); });
          Object.keys(server.photos).forEach(function (item) {
            server.photos[item].forEach(function (p) { addThumbnail(item === "0" ? "" : item, p.url, false); });
          });
          local.photos.forEach(function (p) { if (p.pending) { addThumbnail(p.item, p.data, true); } });
          if (server.checkedIn && !(local.checkIn && local.checkIn.pending)) {
            showCheckIn(server.distance, server.far, server.located);
          } else if (local.checkIn && local.checkIn.pending) {
            self.checkInText = messages.checkInPending;
          }
          if (server.signed && !(local.signature && local.signature.pending)) {
            self.signatureText = messages.signatureSynced;
            root.dataset.signed = "1";
          } else if (local.signature && local.signature.pending) {
            self.signatureText = messages.signatureSaved;
          }
          var signer = root.querySelector("[name=signed_by]");
          if (signer && !signer.value) {
            signer.value = (local.signature && local.signature.signed_by) || server.signedBy || "";
          }
          save();

          root.addEventListener("change", function (event) {
            var target = event.target;
            if (target.matches("[data-photo-for]")) { photoTaken(target); return; }
            var element = target.closest("[data-item]");
            if (element && !target.matches("[name=signed_by], [name=summary]")) { answerChanged(element); }
          });
          root.addEventListener("input", function (event) {
            var target = event.target;
            if (!target.matches("input[type=number], input[type=text], textarea")) { return; }
            var element = target.closest("[data-item]");
            if (element) { answerChanged(element, true); }
          });
          window.addEventListener("online", function () { retryDelay = RETRY_MIN_MS; sync(); });
          window.addEventListener("offline", showStatus);
          sync();
        }
      };
    });
  });
})();
