// blocks.js: Block Kit blocks as DOM, the way a Slack client lays them out:
// header, section (text, fields, accessory), context, divider, actions,
// image. A block this page does not know is shown as such, not dropped.
"use strict";

const Blocks = (() => {
  function el(tag, cls, html) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (html !== undefined) e.innerHTML = html;
    return e;
  }

  // text renders a composition text object.
  function text(t) {
    if (!t) return "";
    if (t.type === "mrkdwn") return Mrkdwn.render(t.text || "", t.verbatim === true);
    return Mrkdwn.escapeHTML(t.text || "");
  }

  // button renders a button; where says where a click is sent from.
  function button(b, blockID, where) {
    const e = el("button", "blk-button", text(b.text));
    e.type = "button";
    if (b.style === "primary" || b.style === "danger") e.classList.add(b.style);
    e.dataset.actionId = b.action_id || "";
    e.dataset.blockId = blockID || "";
    e.dataset.value = b.value || "";
    e.dataset.type = "button";
    if (b.url) {
      e.dataset.url = b.url;
      e.classList.add("link");
      e.title = b.url;
    }
    Object.assign(e.dataset, where);
    return e;
  }

  function element(x, blockID, where) {
    switch (x.type) {
      case "button": return button(x, blockID, where);
      case "image": {
        const img = el("span", "blk-image", Mrkdwn.escapeHTML(x.alt_text || "image"));
        img.title = x.image_url || "";
        return img;
      }
      case "mrkdwn": case "plain_text": return el("span", "blk-text", text(x));
    }
    return el("span", "blk-unknown", Mrkdwn.escapeHTML(`[${x.type}]`));
  }

  function section(b, where) {
    const e = el("div", "blk-section");
    const body = el("div", "blk-section-body");
    if (b.text) body.appendChild(el("div", "blk-text", text(b.text)));
    if (b.fields && b.fields.length) {
      const grid = el("div", "blk-fields");
      for (const f of b.fields) grid.appendChild(el("div", "blk-field", text(f)));
      body.appendChild(grid);
    }
    e.appendChild(body);
    if (b.accessory) {
      const acc = el("div", "blk-accessory");
      acc.appendChild(element(b.accessory, b.block_id, where));
      e.appendChild(acc);
    }
    return e;
  }

  function block(b, where) {
    switch (b.type) {
      case "header": return el("div", "blk-header", text(b.text));
      case "section": return section(b, where);
      case "divider": return el("hr", "blk-divider");
      case "context": {
        const e = el("div", "blk-context");
        for (const x of b.elements || []) e.appendChild(element(x, b.block_id, where));
        return e;
      }
      case "actions": {
        const e = el("div", "blk-actions");
        for (const x of b.elements || []) e.appendChild(element(x, b.block_id, where));
        return e;
      }
      case "image": {
        const e = el("div", "blk-image", Mrkdwn.escapeHTML(b.alt_text || "image"));
        e.title = b.image_url || "";
        return e;
      }
    }
    return el("div", "blk-unknown", Mrkdwn.escapeHTML(`[a ${b.type} block]`));
  }

  // render returns a fragment of the blocks; where (data attributes) is
  // put on every button so a click knows its message or view.
  function render(blocks, where) {
    const f = document.createDocumentFragment();
    for (const b of blocks || []) f.appendChild(block(b, where));
    return f;
  }

  return { render, text };
})();
