// The playground's page: who you are, where you are, what the local Slack shows you.
// Block Kit is drawn by the server (playground/render.py); blocks.js wires its controls.
"use strict";

const $ = (id) => document.getElementById(id);
const BOT = "UBOT";
const page = {
  as: localStorage.getItem("as") || "",
  at: localStorage.getItem("at") || "",
  thread: "",
  version: -1,
  modal: "",
  people: [],
  poll: null,
};

async function call(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ as: page.as, ...body }),
  });
  const answer = await response.json().catch(() => ({ error: "No answer from the playground." }));
  if (answer.error) notice(answer.error);
  refresh();
  return answer;
}

function notice(text) {
  const box = $("notice");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// What a person types, as a Slack client sends it: & < > escaped, @peer-review a mention.
function asSlack(text) {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped.replace(/@peer-review\b/g, `<@${BOT}>`);
}

function where(element) {
  const view = element.closest("[data-view-id]");
  if (view && view.dataset.viewId) return { view_id: view.dataset.viewId };
  const message = element.closest("article.msg");
  return message ? { channel: message.dataset.channel, ts: message.dataset.ts } : {};
}

const handlers = {
  action: (action, element) => call("/do", { kind: "click", where: where(element), action }),
  options: async (blockId, actionId, query) => {
    const answer = await fetch("/options", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ as: page.as, view_id: page.modal, block_id: blockId, action_id: actionId, query }),
    }).then((r) => r.json());
    return answer.options || [];
  },
};

function show(state) {
  page.version = state.version;
  page.people = state.people;
  const person = $("person");
  if (person.options.length !== state.people.length) {
    person.replaceChildren(...state.people.map((p) => new Option(p.name, p.id)));
  }
  if (state.people.length && !state.people.some((p) => p.id === page.as)) {
    // Nobody chosen yet (a first visit), or someone this workspace no longer has: be its
    // first person, and ask again at once for what they see.
    choose(state.people[0].id);
    person.value = page.as;
    refresh();
    return;
  }
  person.value = page.as;
  page.at = state.at;
  localStorage.setItem("at", page.at);
  $("rooms").replaceChildren(...state.rooms.map(room));
  $("title").textContent = state.title;
  replace($("messages"), state.main || "");
  $("composer").hidden = !state.at || state.at === "home";
  const thread = $("thread");
  thread.hidden = !page.thread || state.thread === undefined;
  if (!thread.hidden) replace($("thread-messages"), state.thread);
  showModal(state.modal);
}

function replace(container, html) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  container.innerHTML = html;
  if (atBottom) container.scrollTop = container.scrollHeight;
}

function room(r) {
  const link = document.createElement("button");
  link.type = "button";
  link.className = "room" + (r.id === page.at ? " here" : "");
  link.textContent = r.name;
  link.dataset.room = r.id;
  return link;
}

function showModal(modal) {
  const overlay = $("modal");
  if (!modal) {
    overlay.hidden = true;
    overlay.replaceChildren();
    page.modal = "";
    return;
  }
  if (page.modal === modal.id && overlay.dataset.html === modal.html) return;
  page.modal = modal.id;
  overlay.dataset.html = modal.html;
  overlay.innerHTML = modal.html;
  overlay.hidden = false;
  const first = overlay.querySelector("input, textarea, select");
  if (first) first.focus();
}

async function refresh() {
  if (page.poll) page.poll.abort();
  page.version = -1;
  poll();
}

async function poll() {
  const controller = new AbortController();
  page.poll = controller;
  const query = new URLSearchParams({ as: page.as, at: page.at, thread: page.thread, since: page.version });
  try {
    const state = await fetch(`/state?${query}`, { signal: controller.signal }).then((r) => r.json());
    if (page.poll !== controller) return;
    show(state);
  } catch (error) {
    if (controller.signal.aborted) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (page.poll === controller) poll();
}

function choose(person) {
  page.as = person;
  page.thread = "";
  localStorage.setItem("as", person);
}

function go(roomId) {
  page.at = roomId;
  page.thread = "";
  if (roomId === "home") call("/do", { kind: "home" });
  else refresh();
}

function send(text, thread) {
  const typed = text.trim();
  if (!typed) return;
  const command = typed.match(/^\/peer-review\b\s*([\s\S]*)$/);
  if (command) {
    call("/do", { kind: "command", channel: page.at, text: asSlack(command[1]) });
  } else if (typed.startsWith("/")) {
    notice("The playground knows one command: /peer-review");
  } else {
    call("/do", { kind: "post", channel: page.at, text: asSlack(typed), thread });
  }
}

function composer(formId, textId, thread) {
  const form = $(formId);
  const box = $(textId);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(box.value, thread());
    box.value = "";
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("person").addEventListener("change", (event) => {
    choose(event.target.value);
    refresh();
  });
  $("rooms").addEventListener("click", (event) => {
    const target = event.target.closest("[data-room]");
    if (target) go(target.dataset.room);
  });
  for (const id of ["messages", "thread-messages"]) {
    $(id).addEventListener("click", (event) => {
      const link = event.target.closest("[data-thread]");
      if (!link) return;
      page.thread = link.dataset.thread;
      refresh();
    });
  }
  $("close-thread").addEventListener("click", () => {
    page.thread = "";
    refresh();
  });
  composer("composer", "text", () => undefined);
  composer("reply", "reply-text", () => page.thread);
  const overlay = $("modal");
  overlay.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target.closest("form");
    const answer = await call("/do", { kind: "submit", view_id: form.dataset.viewId, values: BlockKit.state(form) });
    BlockKit.showErrors(form, (answer && answer.errors) || {});
  });
  overlay.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close]");
    if (close) call("/do", { kind: "close", view_id: page.modal });
  });
  BlockKit.bind(document.body, handlers);
  poll();
});
