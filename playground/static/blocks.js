// Block Kit in the playground's page: the interactive half of playground/render.py.
// Plain ES2020, no dependencies, no inline handlers. See render.py's docstring for the HTML.
//
//   BlockKit.bind(root, {action(payload, element) -> Promise,
//                        options(blockId, actionId, query) -> Promise<[{text, value}]>,
//                        close?(form)})
//   BlockKit.state(form)            -> Slack's view.state.values
//   BlockKit.showErrors(form, {block_id: message}); BlockKit.clearErrors(form)
"use strict";

(function (global) {
  const TAGS = "button, a.bk-button";

  function json(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  // Slack's option object for a chosen <option>, checkbox, radio or chip.
  function optionOf(el) {
    return json(el.dataset.option) || {
      text: { type: "plain_text", text: el.textContent.trim() }, value: el.value,
    };
  }

  function chosen(control) {
    if (control.classList.contains("bk-external")) {
      return Array.from(control.querySelectorAll(".bk-chip"), optionOf);
    }
    if (control.tagName === "SELECT") {
      return Array.from(control.selectedOptions).filter((o) => o.value !== "").map(optionOf);
    }
    return Array.from(control.querySelectorAll("input:checked"), optionOf);
  }

  // What a control holds, as Slack names it for its type.
  function selection(control) {
    const type = control.dataset.type;
    const multi = type.startsWith("multi_") || type === "checkboxes";
    if (type === "plain_text_input") return { value: control.value === "" ? null : control.value };
    if (type === "datepicker") return { selected_date: control.value || null };
    const options = chosen(control);
    if (type.endsWith("users_select") || type.endsWith("conversations_select")) {
      const key = type.endsWith("users_select") ? "user" : "conversation";
      const ids = options.map((o) => o.value);
      return multi ? { [`selected_${key}s`]: ids } : { [`selected_${key}`]: ids[0] || null };
    }
    return multi ? { selected_options: options } : { selected_option: options[0] || null };
  }

  function payloadFor(control) {
    const data = json(control.dataset.action);
    if (data) return data.type === "button" ? data : { ...data, ...selection(control) };
    const box = control.closest(".bk-input");
    const type = control.dataset.type;
    return {
      type, block_id: box.dataset.blockId, action_id: control.dataset.actionId,
      ...selection(control),
    };
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Slack's "are you sure?" dialog, in the page; resolves true or false.
  function ask(dialog) {
    return new Promise((resolve) => {
      const shade = el("div", "bk-confirm-shade");
      const card = el("div", "bk-confirm");
      card.setAttribute("role", "dialog");
      card.setAttribute("aria-modal", "true");
      const yes = el("button", `bk-button bk-${dialog.style === "danger" ? "danger" : "primary"}`,
        dialog.confirm || "Yes");
      const no = el("button", "bk-button", dialog.deny || "Cancel");
      yes.type = no.type = "button";
      const footer = el("div", "bk-confirm-footer");
      footer.append(no, yes);
      card.append(el("h2", "bk-confirm-title", dialog.title || ""),
        el("p", "bk-confirm-text", dialog.text || ""), footer);
      shade.append(card);
      const done = (answer) => { shade.remove(); resolve(answer); };
      yes.addEventListener("click", () => done(true));
      no.addEventListener("click", () => done(false));
      shade.addEventListener("keydown", (e) => { if (e.key === "Escape") done(false); });
      document.body.append(shade);
      yes.focus();
    });
  }

  function confirmed(control) {
    const dialog = json(control.dataset.confirm || "");
    return dialog ? ask(dialog) : Promise.resolve(true);
  }

  function send(handlers, control) {
    if (!handlers.action) return;
    confirmed(control).then((ok) => {
      if (ok) handlers.action(payloadFor(control), control);
      else if (control.tagName === "SELECT" && control.dataset.action) control.selectedIndex = 0;
    });
  }

  // A control whose change is an action: outside input blocks, or in a dispatch_action one.
  function acting(control) {
    if (!control) return false;
    if (control.dataset.action) return true;
    const box = control.closest(".bk-input");
    return Boolean(box && box.dataset.dispatch === "1");
  }

  function controlOf(target) {
    return target.closest("[data-action-id]");
  }

  // -- external selects ------------------------------------------------------------------

  function chip(option) {
    const node = el("span", "bk-chip", typeof option.text === "string" ? option.text
      : (option.text && option.text.text) || option.value);
    node.setAttribute("value", option.value);
    const text = typeof option.text === "string" ? { type: "plain_text", text: option.text }
      : option.text;
    node.dataset.option = JSON.stringify({ text, value: option.value });
    const remove = el("button", "bk-chip-remove", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", "Remove");
    node.append(remove);
    return node;
  }

  function search(handlers, box, query) {
    const results = box.querySelector(".bk-ext-results");
    const least = Number(box.dataset.minQueryLength || 3);
    if (query.length < least || !handlers.options) {
      results.hidden = true;
      return;
    }
    const block = box.closest(".bk-input") || box.closest("[data-block-id]");
    const blockId = (json(box.dataset.action) || {}).block_id || block.dataset.blockId;
    handlers.options(blockId, box.dataset.actionId, query).then((found) => {
      results.replaceChildren(...(found || []).map((option) => {
        const item = el("li", "bk-ext-result", typeof option.text === "string" ? option.text
          : option.text.text);
        item.tabIndex = 0;
        item.addEventListener("click", () => pick(handlers, box, option));
        item.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(handlers, box, option); });
        return item;
      }));
      results.hidden = results.children.length === 0;
    });
  }

  function pick(handlers, box, option) {
    const chips = box.querySelector(".bk-chips");
    const most = Number(box.dataset.maxSelected || 0);
    if (!box.hasAttribute("multiple")) chips.replaceChildren();
    if (Array.from(chips.children).some((c) => c.getAttribute("value") === option.value)) return;
    if (most && chips.children.length >= most) return;
    chips.append(chip(option));
    const query = box.querySelector(".bk-ext-query");
    query.value = "";
    box.querySelector(".bk-ext-results").hidden = true;
    if (acting(box)) send(handlers, box);
  }

  // -- binding -----------------------------------------------------------------------------

  function counter(input) {
    const shown = input.parentElement.querySelector(".bk-counter");
    if (shown && input.maxLength > 0) {
      shown.textContent = `${input.value.length} / ${input.maxLength}`;
      shown.classList.toggle("bk-counter-over", input.value.length > input.maxLength);
    }
  }

  function triggers(input) {
    return (input.dataset.trigger || "on_enter_pressed").split(" ");
  }

  function bind(root, handlers) {
    handlers = handlers || {};
    root.addEventListener("click", (event) => {
      const target = event.target;
      if (target.classList.contains("bk-chip-remove")) {
        const box = target.closest(".bk-external");
        target.closest(".bk-chip").remove();
        if (acting(box)) send(handlers, box);
        return;
      }
      if (target.closest("[data-close]") && handlers.close) {
        handlers.close(target.closest("form"));
        return;
      }
      const button = target.closest(TAGS);
      if (!button || !button.dataset.action) return;
      if (button.tagName === "A" && button.dataset.confirm) {
        event.preventDefault();  // open the link only once confirmed
        confirmed(button).then((ok) => {
          if (!ok) return;
          global.open(button.href, "_blank", "noopener");
          if (handlers.action) handlers.action(payloadFor(button), button);
        });
        return;
      }
      send(handlers, button);
    });
    root.addEventListener("change", (event) => {
      const control = controlOf(event.target);
      if (!control || control.dataset.type === "plain_text_input") return;
      if (control.classList.contains("bk-external")) return;
      if (acting(control)) send(handlers, control);
    });
    root.addEventListener("input", (event) => {
      const target = event.target;
      if (target.classList.contains("bk-ext-query")) {
        search(handlers, target.closest(".bk-external"), target.value);
        return;
      }
      if (target.dataset.type !== "plain_text_input") return;
      counter(target);
      if (acting(target) && triggers(target).includes("on_character_entered")) {
        send(handlers, target);
      }
    });
    root.addEventListener("keydown", (event) => {
      const target = event.target;
      if (event.key !== "Enter" || target.dataset.type !== "plain_text_input") return;
      if (target.tagName === "TEXTAREA" && !(event.metaKey || event.ctrlKey)) return;
      if (acting(target) && triggers(target).includes("on_enter_pressed")) {
        event.preventDefault();
        send(handlers, target);
      }
    });
    root.querySelectorAll("[data-type=plain_text_input]").forEach(counter);
    return root;
  }

  function state(form) {
    const values = {};
    form.querySelectorAll(".bk-input").forEach((box) => {
      const control = box.querySelector("[data-action-id]");
      if (!control) return;
      const block = (values[box.dataset.blockId] = values[box.dataset.blockId] || {});
      block[control.dataset.actionId] = { type: control.dataset.type, ...selection(control) };
    });
    return values;
  }

  function showErrors(form, errors) {
    errors = errors || {};
    form.querySelectorAll(".bk-error").forEach((slot) => {
      const message = errors[slot.dataset.errorFor];
      slot.textContent = message || "";
      slot.closest(".bk-input").classList.toggle("bk-has-error", Boolean(message));
    });
    const first = form.querySelector(".bk-has-error [data-action-id]");
    if (first && first.focus) first.focus();
  }

  function clearErrors(form) {
    showErrors(form, {});
  }

  global.BlockKit = Object.freeze({ bind, state, showErrors, clearErrors, ask });
})(window);
