/* The debrief's call player: a moment's button (or its mark on the timeline) seeks the
 * recording to the second it happened and plays from there. */
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
    section.addEventListener("click", (event) => {
      const target = event.target.closest("[data-seek]");
      if (!target) return;
      seek(audio, parseFloat(target.dataset.seek));
    });
  }

  function init() {
    document.querySelectorAll("[data-call-recording]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
