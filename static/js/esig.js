// Sign a document with an ЭЦП through NCALayer (NCA RK), which listens on wss://127.0.0.1:13579 on the signer's
// computer. Loaded only on signing pages (their content policy allows that one connection). The document is
// fetched as served, sent to NCALayer as base64 for a detached CMS signature, and the signature is posted with the
// form; the server verifies it. Without NCALayer the form still takes an uploaded signature file.
(function () {
  "use strict";

  var NCALAYER = "wss://127.0.0.1:13579/";

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer), chunks = [], size = 0x8000;
    for (var i = 0; i < bytes.length; i += size) {
      chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + size)));
    }
    return window.btoa(chunks.join(""));
  }

  function askNcaLayer(base64, say, form) {
    return new Promise(function (resolve, reject) {
      var socket;
      try {
        socket = new WebSocket(NCALAYER);
      } catch (error) {
        reject(new Error(form.dataset.msgUnavailable));
        return;
      }
      var answered = false;
      socket.onopen = function () {
        say(form.dataset.msgSigning);
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.commonUtils",
          method: "createCMSSignatureFromBase64",
          args: ["PKCS12", "SIGNATURE", base64, false]  // false: detached, the document stays here
        }));
      };
      socket.onmessage = function (event) {
        var answer;
        try { answer = JSON.parse(event.data); } catch (error) { return; }
        if (answer.result && answer.result.version) { return; }  // NCALayer greets with its version first
        answered = true;
        socket.close();
        var signature = answer.responseObject || (answer.result && answer.result.signature) ||
          (typeof answer.result === "string" ? answer.result : null);
        if (String(answer.code) === "200" && signature) { resolve(signature); }
        else { reject(new Error(form.dataset.msgFailed + " " + (answer.message || answer.code || ""))); }
      };
      socket.onerror = function () { if (!answered) { reject(new Error(form.dataset.msgUnavailable)); } };
      socket.onclose = function () { if (!answered) { reject(new Error(form.dataset.msgUnavailable)); } };
    });
  }

  function documentUrl(form) {
    var choice = form.querySelector("select[name=lang]") || form.querySelector("input[name=lang]");
    return form.getAttribute("data-document-" + (choice ? choice.value : "kk"));
  }

  function wire(form) {
    var button = form.querySelector("[data-ncalayer]");
    var status = form.querySelector("[data-esig-status]");
    if (!button || !window.WebSocket || !window.fetch) { return; }
    var say = function (text) { status.textContent = text; };
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      say(form.dataset.msgConnecting);
      fetch(documentUrl(form), {credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.arrayBuffer();
        })
        .then(function (buffer) { return askNcaLayer(toBase64(buffer), say, form); })
        .then(function (signature) {
          form.querySelector("input[name=cms]").value = signature;
          form.submit();
        })
        .catch(function (error) { say(error.message); button.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-esig]"), wire);
  });
})();
