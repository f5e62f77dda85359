/* Kohtaamo call recorder: records this participant's own microphone during a call and
 * uploads it in numbered chunks (docs/call-recording.md).
 *
 *   const recorder = window.KohtaamoCallRecorder.start({
 *     sessionId, participantId, stream, csrfToken,
 *     timeslice: 1000, uploadEvery: 3000, mimeType: "audio/webm;codecs=opus",   // optional
 *   });
 *   await recorder.ready;   // optional: resolves once recording runs (rejects if refused)
 *   recorder.state();   // {recording, next, uploaded, pending, failed, segmentStart}
 *   await recorder.stop();   // stops and resolves when every chunk is uploaded
 *   await recorder.stop({ complete: true });   // ... and tells the server the track is
 *                                              // complete (the end of the call, a leave)
 *   recorder.flush({ keepalive: true });   // a closing page: send what is held now
 *
 * On start it asks the server how far the track has come (`next`, after a reload) and
 * the server's clock, so that the segment start it sends (X-Segment-Start) is on the
 * session clock: Date.now() + the measured offset. The recorder hands over a slice every
 * `timeslice` ms; the slices of `uploadEvery` ms are joined into one chunk, so that a
 * speaker costs the server one request per chunk, not per slice. Chunks are uploaded one at a time,
 * in order; a failure of the network, a 5xx or a 429 is retried with backoff, and any
 * other refusal (403, 409, ...) stops the recorder. Events on window:
 * "kohtaamo-call-recorder" with detail {type: "uploaded" | "retrying" | "refused" |
 * "complete", ...}.
 */
(function () {
  "use strict";

  const RETRY_MS = [500, 1000, 2000, 4000, 8000];

  function api(sessionId, participantId) {
    return `/api/roleplay/sessions/${sessionId}/tracks/${participantId}/`;
  }

  function announce(detail) {
    window.dispatchEvent(new CustomEvent("kohtaamo-call-recorder", { detail }));
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async function trackState(url) {
    const sent = Date.now();
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const received = Date.now();
    if (!response.ok) throw new Error(`track ${response.status}`);
    const body = await response.json();
    // The server read its clock about half-way through the round trip.
    return { body, offset: body.server_time_ms - (sent + received) / 2 };
  }

  function pickType(wanted) {
    const types = [wanted, "audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
    return types.find((type) => type && window.MediaRecorder.isTypeSupported(type)) || "";
  }

  // The track is complete: the server closes the recording once every track of an
  // ended call is, instead of waiting out its grace period. Retried like a chunk.
  async function complete(base, csrfToken) {
    for (let attempt = 0; attempt < RETRY_MS.length; attempt += 1) {
      let status = 0;
      try {
        const response = await fetch(`${base}complete/`, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken || "" },
        });
        status = response.status;
        if (response.ok) {
          announce({ type: "complete" });
          return true;
        }
      } catch (error) {
        status = 0;
      }
      if (status !== 0 && status !== 429 && status < 500) {
        announce({ type: "refused", reason: "complete", status });
        return false;
      }
      await sleep(RETRY_MS[attempt]);
    }
    return false;
  }

  async function begin({
    sessionId, participantId, stream, csrfToken, timeslice = 1000, uploadEvery = 3000, mimeType,
  }) {
    const base = api(sessionId, participantId);
    let offset = 0;
    let next = 0;
    try {
      const state = await trackState(base);
      offset = state.offset;
      next = state.body.next;
      if (!state.body.accepting) throw new Error("final");
    } catch (error) {
      if (error.message === "final") throw error;
      // No answer: number from 0 is wrong after a reload, so the uploads will say 409
      // for taken numbers; the server's time of receipt replaces a far-off start.
      announce({ type: "retrying", reason: "track", error: String(error) });
    }
    const type = pickType(mimeType);
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
    const contentType = (recorder.mimeType || type || "audio/webm").split(";")[0];
    const segmentStart = Math.round(Date.now() + offset);
    const queue = [];
    const counts = { uploaded: 0, failed: 0 };
    let first = true;
    let refused = false;
    let draining = null;

    function send(item, { keepalive = false } = {}) {
      const headers = { "Content-Type": contentType, "X-CSRFToken": csrfToken || "" };
      if (item.start !== null) headers["X-Segment-Start"] = String(item.start);
      return fetch(`${base}chunks/${item.n}/`, {
        method: "PUT", credentials: "same-origin", headers, body: item.blob, keepalive,
      });
    }

    async function upload(item) {
      for (let attempt = 0; ; attempt += 1) {
        let status = 0;
        try {
          const response = await send(item);
          status = response.status;
          if (response.ok) return true;
        } catch (error) {
          status = 0;
        }
        if (status !== 0 && status !== 429 && status < 500) {
          refused = true;
          counts.failed += 1;
          announce({ type: "refused", n: item.n, status });
          try { if (recorder.state !== "inactive") recorder.stop(); } catch (error) { /* stopped */ }
          return false;
        }
        announce({ type: "retrying", n: item.n, status, attempt });
        await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    }

    async function drain() {
      while (queue.length && !refused) {
        const item = queue[0];
        if (await upload(item)) {
          counts.uploaded += 1;
          announce({ type: "uploaded", n: item.n, size: item.blob.size });
        }
        queue.shift();
      }
      draining = null;
    }

    function kick() {
      if (!draining) draining = drain();
      return draining;
    }

    // Slices wait here until they make a chunk of `uploadEvery` ms (or the end).
    let held = [];
    let heldSince = 0;

    function release() {
      if (!held.length || refused) return null;
      const item = { n: next, blob: new Blob(held, { type: contentType }), start: first ? segmentStart : null };
      held = [];
      next += 1;
      first = false;
      return item;
    }

    recorder.addEventListener("dataavailable", (event) => {
      if (!event.data || event.data.size === 0 || refused) return;
      if (!held.length) heldSince = performance.now();
      held.push(event.data);
      const full = performance.now() - heldSince + timeslice >= uploadEvery;
      const item = full || recorder.state === "inactive" ? release() : null;
      if (item) {
        queue.push(item);
        kick();
      }
    });
    const stopped = new Promise((resolve) => recorder.addEventListener("stop", resolve, { once: true }));
    recorder.start(timeslice);

    return {
      state() {
        return {
          recording: recorder.state === "recording",
          next, uploaded: counts.uploaded, pending: queue.length, failed: counts.failed, segmentStart,
        };
      },
      async stop({ complete: done = false } = {}) {
        if (recorder.state !== "inactive") recorder.stop();
        await stopped;
        await sleep(0); // the last dataavailable comes before stop
        const rest = release();
        if (rest) queue.push(rest);
        while (draining || (queue.length && !refused)) await kick();
        if (done && !refused) await complete(base, csrfToken);
        return this.state();
      },
      flush({ keepalive = false } = {}) {
        const item = release();
        if (!item) return;
        send(item, { keepalive }).then(
          () => announce({ type: "uploaded", n: item.n, size: item.blob.size }),
          () => announce({ type: "retrying", n: item.n, status: 0, attempt: 0 }),
        );
      },
    };
  }

  function start(options) {
    let inner = null;
    const running = begin(options).then((recorder) => (inner = recorder));
    running.catch((error) => announce({ type: "refused", reason: String(error) }));
    return {
      ready: running.then(() => undefined),
      state() {
        if (inner) return inner.state();
        return { recording: false, next: 0, uploaded: 0, pending: 0, failed: 0, segmentStart: null };
      },
      async stop(options) {
        try { await running; } catch (error) { return this.state(); }
        return inner.stop(options);
      },
      flush(options) {
        inner?.flush(options);
      },
    };
  }

  window.KohtaamoCallRecorder = { start };
})();
