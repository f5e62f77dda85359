// The voice call of a live room (phone and face-to-face scenarios): a browser mesh,
// one RTCPeerConnection per pair of participants who have a media path in the
// current supervisor mode; the room's WebSocket carries the signalling ("rtc" frames)
// and the call events. The rules are the server's (roleplay/room/call.py), which
// relays only along allowed paths and refuses a description that would send where
// the mode does not allow; this module asks for exactly what is allowed.
//
// In each pair the lower-ranked role makes every offer (coach, then observer, then
// agent, then customer), so offers never cross: the coach, whose sending changes with
// the mode, renegotiates its own connections. Descriptions go out with their ICE
// candidates gathered (no trickle): a handful of frames per connection, well under
// the room's rate limit. Pause sends nothing (the senders' tracks are taken away);
// mute sends silence and tells the others.
//
// Hooks for tests: the panel's data-call-state, the controls' data-call-action, and
// window.kohtaamoCall.peers (participant id -> {pc, role}).

const RANK = { coach: 0, observer: 1, agent: 2, customer: 3 };
const ALWAYS = ["agent>customer", "customer>agent", "agent>coach", "customer>coach"];
const LISTENERS = ["agent>observer", "customer>observer"];
const MODE_PATHS = {
  listen: new Set([...ALWAYS, ...LISTENERS]),
  whisper: new Set([...ALWAYS, ...LISTENERS, "coach>agent"]),
  barge: new Set([...ALWAYS, ...LISTENERS, "coach>agent", "coach>customer"]),
};
const SIGNAL_GAP_MS = 120;
const GATHER_TIMEOUT_MS = 2500;
const STATS_EVERY_MS = 1000;
const SPEAKING_LEVEL = 0.02;

export function sends(mode, from, to) {
  return MODE_PATHS[mode]?.has(`${from}>${to}`) ?? false;
}

function connected(mode, one, other) {
  return sends(mode, one, other) || sends(mode, other, one);
}

function direction(send, receive) {
  if (send && receive) return "sendrecv";
  if (send) return "sendonly";
  return receive ? "recvonly" : "inactive";
}

function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, GATHER_TIMEOUT_MS);
  });
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name] ?? ""));
}

export function mountCall(root, { config, connection, roleOf, nameOf, csrfToken }) {
  const panel = root.querySelector("[data-call-panel]");
  if (!panel || !config.call) return null;
  const words = config.call.strings;
  const me = String(config.user);
  const myRole = config.role;
  const $ = (selector) => panel.querySelector(selector);
  const message = $("[data-call-message]");
  const peerList = $("[data-call-peers]");
  const meter = $("[data-call-meter]");
  const indicator = $("[data-call-recording]");
  const call = {
    peers: new Map(),
    mode: "listen",
    members: new Set(),
    running: false,
    joined: false,
    joining: false,
    leaving: false,
    paused: config.state === "paused",
    sessionState: config.state,
    muted: false,
    stream: null,
    recorder: null,
  };
  window.kohtaamoCall = call;

  // Signals leave one by one, a little apart, to stay inside the room's rate limit.
  const outgoing = [];
  let sending = null;
  function signal(to, payload) {
    outgoing.push({ type: "rtc", to: Number(to), signal: payload });
    if (sending) return;
    const next = () => {
      const frame = outgoing.shift();
      if (!frame) {
        sending = null;
        return;
      }
      connection.send(frame, { ephemeral: true });
      sending = setTimeout(next, SIGNAL_GAP_MS);
    };
    next();
  }

  function setState(state, text = "") {
    panel.dataset.callState = state;
    $("[data-call-status]").textContent = words.states[state] ?? state;
    message.textContent = text;
    message.hidden = !text;
    for (const control of panel.querySelectorAll("[data-call-action]")) {
      const action = control.dataset.callAction;
      const inCall = call.joined || call.joining;
      if (action === "join") control.disabled = inCall || call.sessionState === "ended";
      else control.disabled = !call.joined;
    }
  }

  function localTrack() {
    return call.stream?.getAudioTracks()[0] ?? null;
  }

  function mySending(role) {
    return myRole !== "observer" && sends(call.mode, myRole, role);
  }

  // What this side asks for: the offerer exactly what the mode allows; the answerer
  // is willing to receive, and the offer (checked by the server) decides.
  function wanted(peer) {
    const send = mySending(peer.role);
    if (peer.offerer) return direction(send, sends(call.mode, peer.role, myRole));
    return direction(send, true);
  }

  async function applyDirection(peer) {
    const transceiver = peer.pc.getTransceivers()[0];
    if (!transceiver) return false;
    const target = wanted(peer);
    const changed = transceiver.direction !== target;
    if (changed) transceiver.direction = target;
    const track = target.startsWith("send") && !call.paused ? localTrack() : null;
    if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
    return changed;
  }

  function createPeer(id, offerer) {
    const pc = new RTCPeerConnection({ iceServers: config.call.ice_servers ?? [] });
    const peer = { id, role: roleOf(id), pc, offerer, again: false, audio: new Audio() };
    peer.audio.autoplay = true;
    pc.addEventListener("track", (event) => {
      peer.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      peer.audio.play().catch(() => {});
    });
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "failed") pc.restartIce?.();
      refresh();
    });
    call.peers.set(id, peer);
    renderPeers();
    return peer;
  }

  async function negotiate(peer) {
    const { pc } = peer;
    if (pc.signalingState !== "stable") {
      peer.again = true;
      return;
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    signal(peer.id, { description: { type: "offer", sdp: pc.localDescription.sdp } });
  }

  async function ensurePeer(id) {
    const role = roleOf(id);
    if (id === me || !role || call.peers.has(id) || !connected(call.mode, myRole, role)) return;
    if ((RANK[myRole] ?? 9) >= (RANK[role] ?? 9)) return; // the other side offers
    const peer = createPeer(id, true);
    peer.pc.addTransceiver("audio", { direction: wanted(peer) });
    await applyDirection(peer);
    await negotiate(peer);
  }

  function closePeer(id) {
    const peer = call.peers.get(id);
    if (!peer) return;
    peer.pc.close();
    peer.audio.srcObject = null;
    call.peers.delete(id);
    renderPeers();
    refresh();
  }

  async function receiveSignal(frame) {
    if (!call.joined) return;
    const id = String(frame.from);
    const description = frame.signal?.description;
    if (!description) return; // candidates travel inside the descriptions
    try {
      if (description.type === "offer") {
        const peer = call.peers.get(id) ?? createPeer(id, false);
        await peer.pc.setRemoteDescription(description);
        await applyDirection(peer);
        await peer.pc.setLocalDescription(await peer.pc.createAnswer());
        await gathered(peer.pc);
        signal(id, { description: { type: "answer", sdp: peer.pc.localDescription.sdp } });
      } else {
        const peer = call.peers.get(id);
        if (!peer) return;
        await peer.pc.setRemoteDescription(description);
        if (peer.again) {
          peer.again = false;
          await negotiate(peer);
        }
      }
    } catch (error) {
      console.warn("call: signal failed", error);
    }
  }

  async function modeChanged() {
    for (const peer of call.peers.values()) {
      if (!connected(call.mode, myRole, peer.role)) {
        closePeer(peer.id);
      } else if ((await applyDirection(peer)) && peer.offerer) {
        await negotiate(peer);
      }
    }
    for (const id of call.members) if (call.joined) await ensurePeer(id);
    renderModes();
  }

  async function pausedChanged(paused) {
    call.paused = paused;
    for (const peer of call.peers.values()) await applyDirection(peer);
    refresh();
  }

  function refresh() {
    if (!call.joined) return;
    const states = [...call.peers.values()].map((peer) => peer.pc.connectionState);
    if (states.includes("connected")) {
      setState("connected", call.paused ? words.paused : "");
      startRecorder();
    } else {
      setState("connecting", call.peers.size ? "" : words.waiting);
    }
  }

  function startRecorder() {
    if (call.recorder || !call.stream) return;
    const recorder = window.KohtaamoCallRecorder;
    if (!recorder) return;
    try {
      call.recorder = recorder.start({
        sessionId: config.session,
        participantId: config.user,
        stream: call.stream,
        csrfToken: csrfToken(),
        uploadEvery: config.call.upload_every_ms,
      });
    } catch (error) {
      console.warn("call: the recorder did not start", error);
    }
  }

  // At the end of the call (or a leave) the recorder's last chunk is uploaded and the
  // track is said to be complete; a closing page only stops (a reload continues).
  async function stopRecorder(complete = false) {
    const recorder = call.recorder;
    call.recorder = null;
    try {
      await recorder?.stop({ complete });
    } catch (error) {
      console.warn("call: the recorder did not stop cleanly", error);
    }
  }

  // Your own microphone level, from an AnalyserNode on the microphone.
  let audioContext = null;
  let meterTimer = null;
  function startMeter(stream) {
    audioContext = new AudioContext();
    const analyser = audioContext.createAnalyser();
    analyser.fftSize = 512;
    audioContext.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const level = call.muted ? 0 : Math.min(1, Math.sqrt(sum / samples.length) * 4);
      meter.value = level;
      meter.textContent = `${Math.round(level * 100)} %`;
    }, 100);
  }

  function stopMeter() {
    clearInterval(meterTimer);
    audioContext?.close();
    audioContext = null;
    if (meter) meter.value = 0;
  }

  // The others: who is speaking (received audio level) and the connection quality.
  async function readStats() {
    for (const peer of call.peers.values()) {
      let level = 0;
      let lost = 0;
      let received = 0;
      let rtt = null;
      try {
        const report = await peer.pc.getStats();
        report.forEach((entry) => {
          if (entry.type === "inbound-rtp" && entry.kind === "audio") {
            level = Math.max(level, entry.audioLevel ?? 0);
            lost += entry.packetsLost ?? 0;
            received += entry.packetsReceived ?? 0;
          }
          if (entry.type === "candidate-pair" && entry.nominated && entry.state === "succeeded") {
            rtt = entry.currentRoundTripTime ?? rtt;
          }
        });
      } catch {
        continue;
      }
      peer.speaking = level > SPEAKING_LEVEL;
      const loss = received + lost ? (100 * lost) / (received + lost) : 0;
      peer.quality =
        rtt === null
          ? (words.quality_unknown ?? "")
          : format(words.quality, { rtt: Math.round(rtt * 1000), loss: loss.toFixed(1) });
    }
    renderPeers();
  }
  setInterval(readStats, STATS_EVERY_MS);

  function renderPeers() {
    peerList.replaceChildren(
      ...[...call.peers.values()].map((peer) => {
        const item = document.createElement("li");
        item.dataset.callPeer = peer.id;
        item.dataset.speaking = peer.speaking ? "yes" : "no";
        const state = words.peer_states[peer.pc.connectionState] ?? peer.pc.connectionState;
        const speaking = peer.speaking ? ` – ${words.speaking}` : "";
        item.textContent = `${nameOf(peer.id)} (${words.roles[peer.role] ?? peer.role}): ${state}${speaking}${peer.quality ? `, ${peer.quality}` : ""}`;
        return item;
      }),
    );
  }

  function renderModes() {
    for (const mode of ["listen", "whisper", "barge"]) {
      const button = panel.querySelector(`[data-call-action="${mode}"]`);
      button?.setAttribute("aria-pressed", String(call.mode === mode));
    }
    const label = $("[data-call-mode]");
    if (label) label.textContent = words.modes[call.mode] ?? call.mode;
  }

  async function join() {
    if (call.joined || call.joining) return;
    call.joining = true;
    setState("connecting");
    if (myRole !== "observer" && !call.stream) {
      try {
        call.stream = await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
          video: false,
        });
      } catch (error) {
        call.joining = false;
        const missing = error?.name === "NotFoundError" || !navigator.mediaDevices;
        setState("failed", missing ? words.no_microphone : words.microphone_refused);
        return;
      }
      startMeter(call.stream);
    }
    connection.send({ type: "call", action: "join" });
  }

  async function hangUp(state) {
    for (const id of [...call.peers.keys()]) closePeer(id);
    call.joined = false;
    call.joining = false;
    await stopRecorder(true);
    stopMeter();
    for (const track of call.stream?.getTracks() ?? []) track.stop();
    call.stream = null;
    setState(state, state === "ended" ? words.ended : "");
  }

  function leave() {
    if (!call.joined) return;
    call.leaving = true;
    connection.send({ type: "call", action: "leave" });
    hangUp("ended");
  }

  function mute() {
    const track = localTrack();
    if (!call.joined || !track) return;
    call.muted = !call.muted;
    track.enabled = !call.muted;
    const button = panel.querySelector('[data-call-action="mute"]');
    button.setAttribute("aria-pressed", String(call.muted));
    button.textContent = call.muted ? words.unmute : words.mute;
    connection.send({ type: "call", action: call.muted ? "mute" : "unmute" });
  }

  for (const control of panel.querySelectorAll("[data-call-action]")) {
    const action = control.dataset.callAction;
    control.addEventListener("click", () => {
      if (action === "join") join();
      else if (action === "leave") leave();
      else if (action === "mute") mute();
      else connection.send({ type: "call", action: "mode", mode: action });
    });
  }

  // Call and control events of the room (stored, replayed on reconnect).
  async function onEvent(event) {
    if (event.kind === "control") {
      call.sessionState = event.state ?? call.sessionState;
      if (event.action === "pause") await pausedChanged(true);
      if (event.action === "resume") await pausedChanged(false);
      if (event.action === "end") {
        call.running = false;
        if (call.joined || call.joining) await hangUp("ended");
        setState("ended", words.ended);
      }
      return;
    }
    if (event.kind !== "call") return;
    const author = String(event.author?.id ?? "");
    switch (event.action) {
      case "start":
        call.running = true;
        call.mode = event.mode ?? "listen";
        call.members.clear();
        break;
      case "end":
        call.running = false;
        call.members.clear();
        if (call.joined || call.joining) await hangUp("ended");
        break;
      case "mode":
        call.mode = event.mode;
        await modeChanged();
        break;
      case "join":
        call.members.add(author);
        if (author === me && call.joining) {
          call.joining = false;
          call.joined = true;
          refresh();
          for (const id of call.members) await ensurePeer(id);
        } else if (call.joined) {
          await ensurePeer(author);
        }
        break;
      case "leave":
        call.members.delete(author);
        if (author !== me) {
          closePeer(author);
        } else if (call.joined && !call.leaving) {
          // The server saw this page's connection go: join again with the same microphone.
          for (const id of [...call.peers.keys()]) closePeer(id);
          call.joined = false;
          call.joining = true;
          connection.send({ type: "call", action: "join" });
        }
        call.leaving = false;
        break;
      default:
        break;
    }
    indicator.hidden = !call.running;
  }

  renderModes();
  setState("idle");
  // A closing page sends what the recorder holds at once (a keepalive request outlives
  // the page), then stops; the reloaded page goes on with a new segment.
  window.addEventListener("pagehide", () => {
    call.recorder?.flush({ keepalive: true });
    stopRecorder();
  });
  return { onEvent, onSignal: receiveSignal, call };
}
