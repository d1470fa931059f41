/* Camera photos shrunk in the browser before they are sent, for every form that takes
   them on a phone: the inspector's field form (field.js calls window.fucaiPhotos) and
   the owner's rectification reply (a plain file input marked data-compress-photos, whose
   files are swapped for the shrunk copies before the form is sent). A phone photo of
   4-12 MB becomes a JPEG of a few hundred kB; the server still checks each file's type
   by its content. Loaded before field.js; no inline code (CSP). */
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var JPEG_QUALITY = 0.82;

  function readAsDataUrl(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  function dataUrlToBlob(dataUrl) {
    var parts = dataUrl.split(",");
    var type = parts[0].replace(/^data:/, "").replace(/;base64$/, "");
    var binary = atob(parts[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return new Blob([bytes], { type: type || "application/octet-stream" });
  }

  // A camera photo shrunk to at most MAX_SIDE pixels as a JPEG data URL. A file the
  // browser cannot decode as an image is kept as it is: the server checks it and says why.
  function compress(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        resolve(canvas.toDataURL("image/jpeg", JPEG_QUALITY));
      };
      image.onerror = function () {
        URL.revokeObjectURL(url);
        readAsDataUrl(file).then(resolve, function () { resolve(null); });
      };
      image.src = url;
    });
  }

  // The same, as a File for a form: the original when it could not be read or came out
  // no smaller (a small PNG screenshot), so nothing the user picked is ever lost.
  function compressFile(file) {
    return compress(file).then(function (data) {
      if (!data || data.indexOf("data:image/jpeg") !== 0) { return file; }
      var blob = dataUrlToBlob(data);
      if (blob.size >= file.size) { return file; }
      var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
    });
  }

  window.fucaiPhotos = { compress: compress, compressFile: compressFile, dataUrlToBlob: dataUrlToBlob };

  // A file input with data-compress-photos: its photos are replaced by the shrunk copies
  // as soon as they are picked; the form waits (its submit buttons disabled) meanwhile.
  // Browsers without DataTransfer keep the originals, which the server still takes.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-compress-photos]")) { return; }
    if (!input.files || !input.files.length || typeof DataTransfer === "undefined") { return; }
    var form = input.form;
    var buttons = form ? form.querySelectorAll("button[type=submit], input[type=submit]") : [];
    Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
    input.dataset.compressing = "1";
    Promise.all(Array.prototype.map.call(input.files, compressFile)).then(function (files) {
      var transfer = new DataTransfer();
      files.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
    }).catch(function () { /* keep what the user picked */ }).then(function () {
      delete input.dataset.compressing;
      input.dataset.compressed = "1";
      Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
    });
  });
})();
