// LTI Platform Storage (LTI Client Side postMessages) and the cookie check after a
// launch. The page's config (json_script "lti-config") says which step this is.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("lti-config").textContent);
  const waiting = document.querySelector("[data-lti-wait]");
  const failed = document.querySelector("[data-lti-failed]");

  function showFailure() {
    if (waiting) waiting.hidden = true;
    if (failed) failed.hidden = false;
  }

  function storageFrame() {
    if (config.target === "_parent") return window.parent;
    try {
      return window.parent.frames[config.target] || window.parent;
    } catch (error) {
      return window.parent;
    }
  }

  // How long the platform's page may take to answer. Its answer is a few lines of
  // script, but on a busy machine the LMS page and this frame share a stalled CPU.
  const ANSWER_WITHIN_MS = 10000;

  // One request to the platform's storage frame; resolves with its response.
  function ask(subject, data) {
    return new Promise(function (resolve, reject) {
      const id = "kohtaamo-" + Math.random().toString(36).slice(2);
      const timer = setTimeout(function () {
        window.removeEventListener("message", listen);
        reject(new Error("no answer"));
      }, ANSWER_WITHIN_MS);
      function listen(event) {
        const message = event.data || {};
        if (event.origin !== config.origin || message.message_id !== id) return;
        if (message.subject !== subject + ".response") return;
        clearTimeout(timer);
        window.removeEventListener("message", listen);
        if (message.error) reject(new Error(message.error.code || "error"));
        else resolve(message);
      }
      window.addEventListener("message", listen);
      storageFrame().postMessage(Object.assign({ subject: subject, message_id: id }, data),
        config.origin);
    });
  }

  if (config.step === "login") {
    if (window.parent === window) { window.location.href = config.next; return; }
    ask("lti.put_data", { key: config.key, value: config.value })
      .then(function () { window.location.href = config.next; }, showFailure);
  } else if (config.step === "launch") {
    ask("lti.get_data", { key: config.key }).then(function (message) {
      if (message.value !== config.value) { showFailure(); return; }
      document.getElementById("lti-launch-form").submit();
    }, showFailure);
  } else if (config.step === "continue") {
    // Can this frame keep the session cookie? Try one with the same attributes.
    document.cookie = "kohtaamo_cookie_check=1; path=/; " + config.cookie;
    const kept = document.cookie.indexOf("kohtaamo_cookie_check=1") !== -1;
    document.cookie = "kohtaamo_cookie_check=; path=/; max-age=0; " + config.cookie;
    if (kept || window.parent === window) window.location.href = config.continue;
    else showFailure();
  }
})();
