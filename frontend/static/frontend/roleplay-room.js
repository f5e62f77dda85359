// The live role-play room: one client for every role, speaking the protocol in
// docs/roleplay-protocol.md. The page (frontend/coach/templates/frontend/coach/room.html)
// decides which controls a role has; this module wires them to the connection.
// The same client serves a solo practice (config.kind "solo": the scripted customer's
// reply choices and mood, frontend/learner/.../practice_room.html) and a review of a
// recording (config.kind "review": an <audio data-playback-audio> that follows the
// coach's playback events, and marks; frontend/coach/.../review_room.html).
//
// Reliability rules it keeps:
// - every event is applied once (a set of applied seqs, not just the highest: live
//   events from two senders can arrive out of seq order) and shown in seq order;
// - it connects with ?after_seq=N, so the server sends what it missed before any live
//   event; N is the highest applied seq minus a small overlap, because two senders'
//   live events can arrive out of order just before a drop; the overlap comes back as
//   duplicates, which are dropped;
// - a frame it sends stays in the outbox, with its client_msg_id, until the server
//   acks it, and is sent again after a reconnect (the server answers a repeat with
//   the same seq and stores nothing);
// - an ack for an event it has not received means a lost delivery: it sends
//   {"type":"resume","after_seq":N}.

import { mountCall } from "./roleplay-call.js";

const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];
// Seqs that may still be in flight, out of order, when a connection drops.
const RESUME_OVERLAP = 20;
// Close codes after which retrying cannot help.
const FINAL_CLOSE_CODES = [4401, 4403, 4404];
const RATE_LIMIT_RETRY_MS = 1200;

export class RoomConnection {
  constructor({ url, userId, onEvent, onWelcome, onState, onError, onAck, onTyping, onRtc }) {
    this.url = url;
    this.userId = userId;
    this.applied = new Set();
    this.lastSeq = 0;
    this.outbox = new Map(); // client_msg_id -> frame, until acked
    this.handlers = { onEvent, onWelcome, onState, onError, onAck, onTyping, onRtc };
    this.attempt = 0;
    this.closedByUs = false;
    this.counter = 0;
    this.prefix = Math.random().toString(36).slice(2, 10);
    this.retryTimer = null;
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.closedByUs = false;
    this.handlers.onState?.(this.attempt === 0 ? "connecting" : "reconnecting");
    let socket;
    try {
      socket = new WebSocket(`${this.url}?after_seq=${this.resumePoint()}`);
    } catch {
      this.closed({ code: 1006 });
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (close) => {
      if (this.socket === socket) this.closed(close);
    });
  }

  resumePoint() {
    return Math.max(0, this.lastSeq - RESUME_OVERLAP);
  }

  resume() {
    this.rawSend({ type: "resume", after_seq: this.resumePoint() });
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case "welcome":
        // The replay (seq > after_seq) follows the welcome, before any live event.
        this.attempt = 0;
        this.handlers.onState?.("connected");
        this.handlers.onWelcome?.(frame);
        for (const pending of this.outbox.values()) this.rawSend(pending);
        break;
      case "event":
        this.receiveEvent(frame);
        break;
      case "ack":
        this.outbox.delete(frame.client_msg_id);
        this.handlers.onAck?.(frame);
        // The sender's own copy comes before its ack; missing, it was lost on the way.
        if (typeof frame.seq === "number" && !this.applied.has(frame.seq)) this.resume();
        break;
      case "error":
        if (frame.code === "rate_limited" && this.outbox.has(frame.client_msg_id)) {
          const pending = this.outbox.get(frame.client_msg_id);
          setTimeout(() => this.rawSend(pending), RATE_LIMIT_RETRY_MS);
        } else if (frame.client_msg_id) {
          this.outbox.delete(frame.client_msg_id);
        }
        this.handlers.onError?.(frame);
        break;
      case "typing":
        this.handlers.onTyping?.(frame);
        break;
      case "rtc":
        this.handlers.onRtc?.(frame);
        break;
      default:
        break;
    }
  }

  receiveEvent(event) {
    if (typeof event.seq !== "number" || this.applied.has(event.seq)) return;
    this.applied.add(event.seq);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    if (event.client_msg_id && (event.author?.id ?? null) === this.userId) {
      this.outbox.delete(event.client_msg_id);
    }
    this.handlers.onEvent?.(event);
  }

  closed(close) {
    this.socket = null;
    if (this.closedByUs || FINAL_CLOSE_CODES.includes(close.code)) {
      this.handlers.onState?.("closed", close.code);
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    this.handlers.onState?.(navigator.onLine === false ? "offline" : "reconnecting", close.code);
    this.retryTimer = setTimeout(() => this.connect(), delay + Math.random() * delay * 0.3);
  }

  // The network is back: try now rather than at the end of a long backoff.
  retryNow() {
    if (this.socket || this.closedByUs) return;
    this.attempt = Math.min(this.attempt, 1);
    this.connect();
  }

  send(frame, { ephemeral = false } = {}) {
    if (ephemeral) return this.rawSend(frame);
    this.counter += 1;
    const withId = { ...frame, client_msg_id: `${this.prefix}-${this.counter}` };
    this.outbox.set(withId.client_msg_id, withId);
    this.rawSend(withId);
    return withId.client_msg_id;
  }

  rawSend(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  drop() {
    // For tests and for "reconnect now": close without marking it as ours.
    this.socket?.close();
  }

  close() {
    this.closedByUs = true;
    clearTimeout(this.retryTimer);
    this.socket?.close();
  }
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name] ?? ""));
}

// A position in a recording as m:ss.
function clock(seconds) {
  const whole = Math.max(0, Math.floor(Number(seconds) || 0));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// Wires the room page to a connection; returns the connection.
export function mountRoom(root) {
  const config = JSON.parse(root.querySelector("#room-config").textContent);
  const words = config.strings;
  const criteria = config.criteria ?? {};
  const $ = (selector) => root.querySelector(selector);
  const transcript = $("[data-transcript]");
  const scroller = transcript.closest("[data-scroll]") ?? transcript;
  const status = $("[data-connection]");
  const problem = $("[data-problem]");
  const stateLabel = $("[data-state]");
  const stateHelp = $("[data-state-help]");
  const presence = $("[data-presence]");
  const typing = $("[data-typing]");
  let state = config.state;
  const participants = new Map(); // user id -> {id, name, role, online}
  const typists = new Map(); // user id -> {name, timer}
  const solo = config.kind === "solo";
  const reviewing = config.kind === "review";
  // The last seq the welcome said was stored: events up to it are a replay.
  let horizon = 0;

  function showProblem(message) {
    problem.textContent = message;
    problem.hidden = !message;
  }

  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const connection = new RoomConnection({
    url: `${scheme}://${window.location.host}/ws/roleplay/${config.session}/`,
    userId: config.user,
    onState: (connectionState, code) => {
      status.textContent = words.connection[connectionState] ?? connectionState;
      status.dataset.value = connectionState;
      root.dataset.connectionState = connectionState;
      if (connectionState === "closed" && words.closed[String(code)]) {
        showProblem(words.closed[String(code)]);
      }
      if (connectionState !== "connected") markOnline(config.user, false);
    },
    onWelcome: (welcome) => {
      for (const person of welcome.participants ?? []) {
        const known = participants.get(String(person.id));
        participants.set(String(person.id), { ...person, online: known?.online ?? false });
      }
      horizon = welcome.last_seq ?? 0;
      markOnline(config.user, true);
      setState(welcome.state);
    },
    onEvent: (event) => apply(event),
    onError: (error) => showProblem(explain(error)),
    onAck: () => {
      showProblem("");
    },
    onTyping: (frame) => showTyping(frame),
    onRtc: (frame) => toCall((voice) => voice.onSignal(frame)),
  });
  root.roomConnection = connection;

  // The voice call of a phone or face-to-face scenario (roleplay-call.js); its events
  // and signals are handled one after another, in the order they came.
  const voice = mountCall(root, {
    config,
    connection,
    roleOf: (id) => participants.get(String(id))?.role,
    nameOf: (id) => participants.get(String(id))?.name ?? String(id),
    csrfToken,
  });
  let callQueue = Promise.resolve();
  function toCall(work) {
    if (!voice) return;
    callQueue = callQueue.then(() => work(voice)).catch((error) => console.warn(error));
  }

  function explain(error) {
    if (error.code === "not_live" && (state === "paused" || state === "ended")) {
      return words.errors[state];
    }
    return words.errors[error.code] ?? error.detail ?? words.errors.invalid;
  }

  function setState(newState) {
    state = newState;
    stateLabel.textContent = words.states[state] ?? state;
    if (stateHelp) stateHelp.textContent = words.state_help?.[state] ?? "";
    root.dataset.roomState = state;
    for (const control of root.querySelectorAll("[data-needs-live]")) {
      control.disabled = state !== "live";
    }
    for (const control of root.querySelectorAll("[data-enabled-in]")) {
      control.disabled = !control.dataset.enabledIn.split(" ").includes(state);
    }
    if (state === "ended") {
      const link = $("[data-debrief-link]");
      if (link) link.hidden = false;
      if (solo) showChoices([]);
    }
  }

  function markOnline(userId, online) {
    const person = participants.get(String(userId));
    if (person) person.online = online;
    renderPresence();
  }

  function renderPresence() {
    if (!presence) return; // a solo practice has no one else to show
    presence.replaceChildren(
      ...[...participants.values()].map((person) => {
        const role = words.roles[person.role] ?? person.role;
        const you = String(person.id) === String(config.user) ? `, ${words.you}` : "";
        const where = person.online ? words.online : words.away;
        return element(
          "li",
          { "data-online": person.online ? "yes" : "no", "data-person": String(person.id) },
          `${person.name} (${role}${you}) – ${where}`,
        );
      }),
    );
  }

  function showTyping(frame) {
    const id = String(frame.author?.id ?? "");
    const known = typists.get(id);
    clearTimeout(known?.timer);
    const timer = setTimeout(() => {
      typists.delete(id);
      renderTyping();
    }, 3000);
    typists.set(id, { name: frame.author?.name ?? "", timer });
    renderTyping();
  }

  function renderTyping() {
    const names = [...typists.values()].map((typist) => typist.name);
    typing.textContent = names.length ? `${names.join(", ")} ${words.typing}` : "";
  }

  // A moment of the recording: m:ss of audio, or a transcript's line number.
  function at(position) {
    if (config.recording && config.recording.kind !== "audio") {
      return format(words.line ?? "%(at)s", { at: Math.round(Number(position) || 0) });
    }
    return clock(position);
  }

  function describe(event) {
    switch (event.kind) {
      case "playback":
        return format(words.playback?.[event.action] ?? event.action, { at: at(event.position) });
      case "mark":
        return `${at(event.position)} – ${event.text ?? ""}`;
      case "control":
        return words.actions[event.action] ?? event.action;
      case "call":
        return format(words.call_events?.[event.action] ?? event.action, {
          mode: words.call_modes?.[event.mode] ?? event.mode ?? "",
        });
      case "join":
        return words.joined;
      case "leave":
        return words.left;
      case "score": {
        const name = criteria[String(event.criterion)] ?? event.criterion;
        return `${name}: ${event.value}/5${event.text ? ` – ${event.text}` : ""}`;
      }
      case "inject":
        return event.title ? `${event.title}: ${event.text ?? ""}` : (event.text ?? "");
      default:
        return event.text ?? "";
    }
  }

  function line(event) {
    const item = element("li", {
      "data-seq": String(event.seq),
      "data-kind": event.kind,
      class: `line ${event.kind}`,
    });
    if (event.kind === "whisper") item.append(element("span", { class: "tag" }, words.whisper));
    if (event.kind === "inject") item.append(element("span", { class: "tag" }, words.twist));
    if (event.kind === "score") item.append(element("span", { class: "tag" }, words.score));
    if (event.kind === "mark") item.append(element("span", { class: "tag" }, words.mark));
    // The scripted customer of a solo practice has no user: its name is the persona's.
    const who = event.author?.name ?? (event.role === "customer" ? (words.persona ?? "") : "");
    const label = words.roles[event.role] ?? event.role ?? "";
    if (event.kind === "control" || event.kind === "playback") {
      item.append(document.createTextNode(describe(event)));
    } else if (event.kind === "join" || event.kind === "leave" || event.kind === "call") {
      item.append(document.createTextNode(`${who} (${label}) ${describe(event)}`));
    } else {
      item.append(element("strong", {}, `${who}${label ? ` · ${label}` : ""}: `));
      item.append(document.createTextNode(describe(event)));
    }
    return item;
  }

  // Lines stay in seq order even when an earlier event arrives late.
  function insert(item, seq) {
    let after = transcript.lastElementChild;
    while (after && Number(after.dataset.seq) > seq) after = after.previousElementSibling;
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    if (after) after.after(item);
    else transcript.prepend(item);
    if (nearBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  function apply(event) {
    if (event.state && ["control", "join", "leave"].includes(event.kind)) setState(event.state);
    if ((event.kind === "join" || event.kind === "leave") && event.author) {
      const id = String(event.author.id);
      const person = participants.get(id) ?? { ...event.author, role: event.role };
      // Replayed joins and leaves of this very person come before their own live join.
      if (id !== String(config.user)) person.online = event.kind === "join";
      participants.set(id, person);
      renderPresence();
    }
    if (event.kind === "say") {
      // A line has arrived: its author is no longer typing.
      const typist = typists.get(String(event.author?.id ?? ""));
      if (typist) {
        clearTimeout(typist.timer);
        typists.delete(String(event.author?.id ?? ""));
        renderTyping();
      }
      if (solo) followScript(event);
    }
    if (event.kind === "playback") follow(event);
    if (event.kind === "call" || event.kind === "control") toCall((call) => call.onEvent(event));
    if (event.kind === "score" && String(event.author?.id) === String(config.user)) {
      const scored = root.querySelector(
        `[data-score-form][data-criterion="${event.criterion}"] [data-scored]`,
      );
      if (scored) scored.textContent = format(words.scored, { value: event.value });
    }
    insert(line(event), event.seq);
  }

  function bindForm(selector, build) {
    const form = $(selector);
    if (!form) return;
    form.addEventListener("submit", (submit) => {
      submit.preventDefault();
      const frame = build(new FormData(form));
      if (!frame) return;
      connection.send(frame);
      form.reset();
    });
    // Ctrl+Enter (or Cmd+Enter) sends from a text box; Enter alone makes a new line.
    const box = form.querySelector("textarea");
    box?.addEventListener("keydown", (key) => {
      if (key.key === "Enter" && (key.ctrlKey || key.metaKey)) {
        key.preventDefault();
        form.requestSubmit();
      }
    });
  }

  const textFrame = (type) => (data) => {
    const text = String(data.get("text") ?? "").trim();
    return text ? { type, text } : null;
  };
  bindForm("[data-say-form]", textFrame("say"));
  bindForm("[data-whisper-form]", textFrame("whisper"));
  bindForm("[data-inject-form]", textFrame("inject"));
  for (const button of root.querySelectorAll("[data-twist]")) {
    button.addEventListener("click", () =>
      connection.send({ type: "inject", twist: Number(button.dataset.twist) }),
    );
  }
  for (const button of root.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () =>
      connection.send({ type: "control", action: button.dataset.action }),
    );
  }
  for (const form of root.querySelectorAll("[data-score-form]")) {
    form.addEventListener("submit", (submit) => {
      submit.preventDefault();
      const data = new FormData(form);
      const value = Number(data.get("value"));
      if (!value) return;
      connection.send({
        type: "score",
        criterion: Number(form.dataset.criterion),
        value,
        note: String(data.get("note") ?? "").trim(),
      });
      const note = form.querySelector("[name=note]");
      if (note) note.value = "";
    });
  }

  // Solo practice: the customer's latest line brings the reply choices and its mood;
  // a reply (picked or written) takes the choices away until the next line.
  const choiceList = $("[data-choices]");
  const noChoices = $("[data-no-choices]");
  const mood = $("[data-mood]");
  let lastCustomerSeq = 0;

  function showChoices(choices) {
    if (!choiceList) return;
    choiceList.replaceChildren(
      ...choices.map((choice) => {
        const button = element(
          "button",
          { type: "button", class: "choice-button", "data-choice": String(choice.index) },
          choice.text,
        );
        button.setAttribute("data-needs-live", "");
        button.disabled = state !== "live";
        button.addEventListener("click", () => {
          connection.send({ type: "say", choice: choice.index });
          showChoices([]);
          $("[data-say-form] textarea")?.focus();
        });
        const item = element("li");
        item.append(button);
        return item;
      }),
    );
    if (noChoices) noChoices.hidden = choices.length > 0;
  }

  function followScript(event) {
    if (event.seq <= lastCustomerSeq) return;
    if (event.role === "customer") {
      lastCustomerSeq = event.seq;
      if (mood && event.mood) mood.textContent = words.moods?.[event.mood] ?? event.mood;
      showChoices(event.end ? [] : (event.choices ?? []));
    } else if (event.role === "agent") {
      showChoices([]);
    }
  }

  // Review: the coach's player sends play, pause and seek; every other player follows
  // the stored playback events (a latecomer replays them, so the last one says where
  // playback is). Only a replayed "play" is moved on by the time since it happened.
  const audio = $("[data-playback-audio]");
  const positionLabel = $("[data-playback-position]");
  const playbackState = $("[data-playback-state]");
  const markAt = $("[data-mark-at]");
  let lastPlayback = null;
  let coachPlaying = false;
  let ignoreOwnUntil = 0;

  function position() {
    return Math.round((audio?.currentTime ?? 0) * 10) / 10;
  }

  function showPosition() {
    const text = clock(audio?.currentTime ?? 0);
    if (positionLabel) positionLabel.textContent = text;
    if (markAt) markAt.textContent = text;
  }

  function play() {
    audio.play().catch(() => {
      if (!config.is_coach && playbackState) playbackState.textContent = words.listen_blocked;
    });
  }

  function follow(event) {
    if (!audio) return;
    const replayed = event.seq <= horizon;
    // The coach's own player is the source; it only catches up after a reload.
    if (config.is_coach && !replayed) return;
    lastPlayback = event;
    if (event.action !== "seek") coachPlaying = event.action === "play";
    let target = Number(event.position) || 0;
    if (event.action === "play" && replayed && event.at) {
      target += Math.max(0, (Date.now() - Date.parse(event.at)) / 1000);
    }
    if (config.is_coach) ignoreOwnUntil = Date.now() + 1000;
    try {
      audio.currentTime = target;
    } catch {
      // Not seekable yet: the position is set again by the next event.
    }
    if (event.action === "play") play();
    else if (event.action === "pause") audio.pause();
    showPosition();
  }

  if (audio) {
    audio.addEventListener("timeupdate", showPosition);
    audio.addEventListener("seeked", showPosition);
    audio.addEventListener("loadedmetadata", () => {
      // An event that came before the audio could seek is applied again.
      if (lastPlayback && !config.is_coach) follow(lastPlayback);
    });
  }

  if (audio && config.is_coach) {
    const sendPlayback = (action) => {
      if (Date.now() < ignoreOwnUntil) return;
      if (!["live", "paused"].includes(state)) {
        showProblem(words.errors.not_live);
        return;
      }
      connection.send({ type: "playback", action, position: position() });
    };
    audio.addEventListener("play", () => sendPlayback("play"));
    audio.addEventListener("pause", () => sendPlayback("pause"));
    // Dragging the slider seeks many times: send where it comes to rest.
    let seekTimer = null;
    audio.addEventListener("seeked", () => {
      clearTimeout(seekTimer);
      seekTimer = setTimeout(() => sendPlayback("seek"), 250);
    });
  }

  $("[data-listen]")?.addEventListener("click", () => {
    // A click lets the browser play sound; then catch up with the coach.
    if (playbackState) playbackState.textContent = "";
    const playing = coachPlaying;
    audio
      .play()
      .then(() => {
        if (!playing) audio.pause();
      })
      .catch(() => {
        if (playbackState) playbackState.textContent = words.listen_blocked;
      });
  });

  const markForm = $("[data-mark-form]");
  markForm?.addEventListener("submit", (submit) => {
    submit.preventDefault();
    const data = new FormData(markForm);
    const text = String(data.get("text") ?? "").trim();
    if (!text) return;
    let where = audio ? position() : Number(data.get("position"));
    if (!Number.isFinite(where) || where < 0) where = 0;
    connection.send({ type: "mark", position: where, text });
    markForm.querySelector("textarea").value = "";
    const marked = markForm.querySelector("[data-marked]");
    if (marked) marked.textContent = format(words.marked ?? "%(at)s", { at: at(where) });
  });

  const notesForm = $("[data-notes-form]");
  notesForm?.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const notesStatus = notesForm.querySelector("[data-notes-status]");
    notesStatus.textContent = words.saving;
    try {
      const response = await fetch(config.notes_url, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ coach_notes: new FormData(notesForm).get("coach_notes") ?? "" }),
      });
      if (!response.ok) throw new Error(String(response.status));
      notesStatus.textContent = words.saved;
    } catch {
      notesStatus.textContent = words.errors.notes;
    }
  });

  const sayBox = root.querySelector("[data-say-form] textarea");
  let lastTyping = 0;
  sayBox?.addEventListener("input", () => {
    if (Date.now() - lastTyping > 2000) {
      lastTyping = Date.now();
      connection.send({ type: "typing" }, { ephemeral: true });
    }
  });

  window.addEventListener("online", () => connection.retryNow());
  window.addEventListener("offline", () => {
    status.textContent = words.connection.offline;
    status.dataset.value = "offline";
  });

  setState(state);
  connection.connect();
  return connection;
}

const root = document.querySelector("[data-roleplay-room]");
if (root) mountRoom(root);
