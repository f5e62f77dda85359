/* The debrief's call player: a moment's button (or its mark on the timeline) seeks the
 * recording to the second it happened and plays from there. The coach's form that
 * saves a moment as a lesson example follows the player: choosing a moment, seeking or
 * pausing fills in its second. */
(function () {
  "use strict";

  function seek(audio, seconds) {
    const go = () => {
      audio.currentTime = seconds;
      const playing = audio.play();
      if (playing && playing.catch) playing.catch(() => {});
    };
    if (audio.readyState >= 1) go();
    else audio.addEventListener("loadedmetadata", go, { once: true });
  }

  function setUp(section) {
    const audio = section.querySelector("[data-call-audio]");
    if (!audio) return;
    const at = section.querySelector("[data-call-example-at]");
    const follow = (seconds) => {
      if (at && Number.isFinite(seconds)) at.value = (Math.round(seconds * 10) / 10).toFixed(1);
    };
    section.addEventListener("click", (event) => {
      const target = event.target.closest("[data-seek]");
      if (!target) return;
      const seconds = parseFloat(target.dataset.seek);
      follow(seconds);
      seek(audio, seconds);
    });
    audio.addEventListener("pause", () => follow(audio.currentTime));
    audio.addEventListener("seeked", () => {
      if (audio.paused) follow(audio.currentTime);
    });
  }

  function init() {
    document.querySelectorAll("[data-call-recording]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
