// app.js: the playground page. It long-polls /api/state, renders the
// conversation in view, and sends what the user does to /api/….
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let state = null;
  let current = null; // the id of the conversation in view
  let tab = "messages"; // in the DM: "messages" or "home"
  const seen = {}; // conversation id -> messages seen, for the unread badges
  let received = 0; // Date.now() when state arrived, to run the clock on

  const botNow = () => (state ? state.now + (Date.now() - received) : Date.now());
  Mrkdwn.setNow(botNow);

  async function post(path, body) {
    const resp = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}),
    });
    let ans = {};
    try { ans = await resp.json(); } catch (e) { /* no body */ }
    if (!resp.ok && !ans.error) ans.error = `${resp.status} ${resp.statusText}`;
    return ans;
  }

  function status(msg, isError) {
    const s = $("status");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  // poll fetches the state whenever it changes, for as long as the page is open.
  async function poll() {
    let since = "";
    for (;;) {
      try {
        const resp = await fetch("/api/state?since=" + encodeURIComponent(since));
        if (!resp.ok) throw new Error(resp.statusText);
        const st = await resp.json();
        if (!state) { // what is there when the page opens counts as read
          for (const c of st.conversations) seen[c.id] = c.messages.length;
        }
        state = st;
        received = Date.now();
        since = st.version;
        document.body.dataset.version = st.version;
        render();
      } catch (e) {
        document.body.classList.add("offline");
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      document.body.classList.remove("offline");
    }
  }

  function conv(id) {
    return state.conversations.find((c) => c.id === id);
  }

  // fromHash picks the conversation (and the DM's tab) the address names:
  // #general, #announcements, #sessionbot or #home.
  function fromHash() {
    const name = decodeURIComponent(location.hash.slice(1));
    const dm = state.conversations.find((c) => c.kind === "dm");
    if (name === "home" && dm) {
      current = dm.id;
      tab = "home";
      post("/api/home");
      return;
    }
    const c = state.conversations.find((x) => x.name === name);
    if (c) current = c.id;
  }

  function render() {
    if (!current) {
      fromHash();
      if (!current) current = state.conversations[0].id;
    }
    renderSidebar();
    renderMain();
    renderClock();
    $("source").textContent = state.source;
  }

  function renderSidebar() {
    const nav = $("convs");
    nav.textContent = "";
    let lastKind = "";
    for (const c of state.conversations) {
      if (c.kind !== lastKind) {
        const h = document.createElement("h2");
        h.textContent = c.kind === "dm" ? "Apps" : "Channels";
        nav.appendChild(h);
        lastKind = c.kind;
      }
      const a = document.createElement("a");
      a.href = "#";
      a.className = "conv";
      a.dataset.conv = c.id;
      a.dataset.kind = c.kind;
      a.dataset.name = c.name;
      a.textContent = (c.kind === "dm" ? "● " : "# ") + c.name;
      if (c.id === current) {
        a.classList.add("active");
        seen[c.id] = c.messages.length;
      }
      const unread = c.messages.length - (seen[c.id] || 0);
      if (unread > 0) {
        const b = document.createElement("span");
        b.className = "badge";
        b.textContent = unread;
        a.appendChild(b);
        a.classList.add("unread");
      }
      nav.appendChild(a);
    }
  }

  function renderMain() {
    const c = conv(current);
    const isDM = c.kind === "dm";
    $("conv-title").textContent = (isDM ? "" : "# ") + c.name;
    $("tabs").hidden = !isDM;
    const showHome = isDM && tab === "home";
    $("tab-home").classList.toggle("active", showHome);
    $("tab-messages").classList.toggle("active", !showHome);
    $("messages").hidden = showHome;
    $("home").hidden = !showHome;
    $("composer").hidden = showHome;
    $("composer-input").placeholder = isDM ? "Message sessionbot — try /session agenda"
      : `Message #${c.name} — try /session kubernetes`;
    if (showHome) renderHome(); else renderMessages(c);
  }

  function renderMessages(c) {
    const box = $("messages");
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.textContent = "";
    if (c.messages.length === 0) {
      const empty = document.createElement("div");
      empty.className = "empty";
      empty.textContent = c.id === state.conversations[0].id
        ? "Type /session kubernetes below: the bot answers here, visible only to you."
        : c.kind === "dm" ? "Reminders, schedule changes and follow alerts arrive here."
          : "New sessions are announced here when a sync finds them: edit the programme, then Sync now.";
      box.appendChild(empty);
    }
    for (const m of c.messages) box.appendChild(message(c, m));
    if (atBottom || box.dataset.conv !== c.id) box.scrollTop = box.scrollHeight;
    box.dataset.conv = c.id;
  }

  function message(c, m) {
    const e = document.createElement("div");
    e.className = "msg" + (m.ephemeral ? " ephemeral" : "");
    e.dataset.ts = m.ts;
    const head = document.createElement("div");
    head.className = "msg-head";
    head.innerHTML = `<span class="avatar">sb</span><b>sessionbot</b> <span class="app">APP</span> `;
    const t = document.createElement("span");
    t.className = "msg-time";
    t.textContent = new Date(Number(m.ts) * 1000).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
    head.appendChild(t);
    if (m.ephemeral) {
      const only = document.createElement("span");
      only.className = "only-you";
      only.textContent = "Only visible to you";
      head.appendChild(only);
    }
    e.appendChild(head);
    if (m.command) {
      const cmd = document.createElement("div");
      cmd.className = "msg-command";
      cmd.textContent = m.command;
      e.appendChild(cmd);
    }
    const body = document.createElement("div");
    body.className = "msg-body";
    if (m.blocks && m.blocks.length) {
      body.appendChild(Blocks.render(m.blocks, { channel: c.id, ts: m.ts }));
    } else {
      body.innerHTML = Mrkdwn.render(m.text || "", false);
    }
    e.appendChild(body);
    return e;
  }

  function renderHome() {
    const box = $("home");
    box.textContent = "";
    if (!state.home) {
      box.textContent = "Opening the Home tab…";
      return;
    }
    box.appendChild(Blocks.render(state.home.blocks, { view: state.home.id }));
  }

  const fmtClock = (ms) => new Date(ms).toLocaleString(undefined,
    { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

  function duration(ms) {
    const mins = Math.round(ms / 60000);
    const d = Math.floor(mins / 1440), h = Math.floor((mins % 1440) / 60), m = mins % 60;
    return [d && `${d} d`, h && `${h} h`, (m || (!d && !h)) && `${m} min`].filter(Boolean).join(" ");
  }

  function renderClock() {
    if (!state) return;
    const now = botNow();
    $("clock").textContent = fmtClock(now);
    $("clock").dataset.now = String(now);
    $("clock-note").textContent = state.offset > 0
      ? `${duration(state.offset)} ahead of real time` : "real time";
    $("next-reminder").textContent = state.next_reminder
      ? `Next reminder due ${Mrkdwn.formatDate(new Date(state.next_reminder), "{date_short_pretty} {time}")}`
      : "No reminder waiting";
    $("jump-reminder").disabled = !state.next_reminder;
  }

  async function send(e) {
    e.preventDefault();
    const input = $("composer-input");
    const line = input.value.trim();
    $("composer-error").textContent = "";
    if (!line) return;
    if (!line.startsWith("/")) {
      $("composer-error").textContent = "Only slash commands reach the bot: try /session help";
      return;
    }
    input.value = "";
    const ans = await post("/api/command", { channel: current, text: line });
    if (ans.error) {
      $("composer-error").textContent = ans.error;
      input.value = line;
    }
  }

  async function click(e) {
    const b = e.target.closest("button.blk-button");
    if (!b) return;
    if (b.dataset.url) window.open(b.dataset.url, "_blank", "noopener");
    b.disabled = true;
    const ans = await post("/api/action", {
      channel: b.dataset.channel || "", ts: b.dataset.ts || "", view: b.dataset.view || "",
      action_id: b.dataset.actionId, block_id: b.dataset.blockId, value: b.dataset.value, type: b.dataset.type,
    });
    b.disabled = false;
    if (ans.error) status(ans.error, true);
  }

  function select(id) {
    current = id;
    history.replaceState(null, "", "#" + conv(id).name);
    if (conv(id).kind === "dm" && tab === "home") post("/api/home");
    render();
  }

  function selectTab(t) {
    tab = t;
    history.replaceState(null, "", "#" + (t === "home" ? "home" : conv(current).name));
    if (t === "home") post("/api/home");
    render();
  }

  async function control(path, body, busy) {
    status(busy);
    const ans = await post(path, body);
    status(ans.error || ans.message || "", !!ans.error);
  }

  $("convs").addEventListener("click", (e) => {
    const a = e.target.closest("a.conv");
    if (!a) return;
    e.preventDefault();
    select(a.dataset.conv);
  });
  $("tabs").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-tab]");
    if (b) selectTab(b.dataset.tab);
  });
  $("composer").addEventListener("submit", send);
  $("messages").addEventListener("click", click);
  $("home").addEventListener("click", click);
  $("jump-reminder").addEventListener("click", () => control("/api/clock", { to: "next-reminder" }, "Moving the clock…"));
  for (const b of document.querySelectorAll("button.jump")) {
    b.addEventListener("click", () => control("/api/clock", { by: Number(b.dataset.jump) }, "Moving the clock…"));
  }
  $("sync-now").addEventListener("click", () => control("/api/sync", {}, "Syncing…"));
  setInterval(renderClock, 1000);
  poll();
})();
