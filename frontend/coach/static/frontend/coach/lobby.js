// The waiting page of a scheduled role-play: counts down to the time the server gave
// and then enters the room. The server decides by its clock whether the room is open,
// so a page that arrives a moment early is simply shown again with what is left.
const page = document.querySelector("[data-lobby-wait]");
if (page) {
  const deadline = performance.now() + Number(page.dataset.seconds) * 1000;
  const countdown = page.querySelector("[data-lobby-countdown]");
  const two = (n) => String(n).padStart(2, "0");

  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    const hours = Math.floor(left / 3600);
    const minutes = Math.floor((left % 3600) / 60);
    countdown.textContent = `${hours ? `${hours}:` : ""}${two(minutes)}:${two(left % 60)}`;
    if (left > 0) {
      // The next whole second left, so that zero is reached at the time itself.
      setTimeout(tick, (deadline - performance.now()) % 1000 || 1000);
      return;
    }
    page.querySelector("[data-lobby-opening]").hidden = false;
    window.location.replace(page.dataset.roomUrl);
  };
  tick();
}
