// The live role-play room: one client for every role, speaking the protocol in
// docs/roleplay-protocol.md. The page (frontend/coach/templates/frontend/coach/room.html)
// decides which controls a role has; this module wires them to the connection.
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

const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];
// Seqs that may still be in flight, out of order, when a connection drops.
const RESUME_OVERLAP = 20;
// Close codes after which retrying cannot help.
const FINAL_CLOSE_CODES = [4401, 4403, 4404];
const RATE_LIMIT_RETRY_MS = 1200;

export class RoomConnection {
  constructor({ url, userId, onEvent, onWelcome, onState, onError, onAck, onTyping }) {
    this.url = url;
    this.userId = userId;
    this.applied = new Set();
    this.lastSeq = 0;
    this.outbox = new Map(); // client_msg_id -> frame, until acked
    this.handlers = { onEvent, onWelcome, onState, onError, onAck, onTyping };
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
      markOnline(config.user, true);
      setState(welcome.state);
    },
    onEvent: (event) => apply(event),
    onError: (error) => showProblem(explain(error)),
    onAck: () => {
      showProblem("");
    },
    onTyping: (frame) => showTyping(frame),
  });
  root.roomConnection = connection;

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
    }
  }

  function markOnline(userId, online) {
    const person = participants.get(String(userId));
    if (person) person.online = online;
    renderPresence();
  }

  function renderPresence() {
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

  function describe(event) {
    switch (event.kind) {
      case "control":
        return words.actions[event.action] ?? event.action;
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
    const who = event.author?.name ?? "";
    const label = words.roles[event.role] ?? event.role ?? "";
    if (event.kind === "control") {
      item.append(document.createTextNode(describe(event)));
    } else if (event.kind === "join" || event.kind === "leave") {
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
