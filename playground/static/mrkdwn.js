// mrkdwn.js: Slack's mrkdwn as HTML, the way a Slack client shows it.
// Text arrives with &, < and > escaped as &amp; &lt; &gt;; <…> are links,
// mentions and date tokens; *bold*, _italic_, ~strike~ and `code` format.
// Everything is escaped before any tag is added, so no text from a
// programme can become markup.
"use strict";

const Mrkdwn = (() => {
  const HOLE = "\u0000"; // marks where a rendered token goes back in

  function escapeHTML(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  // Slack escapes only these three.
  function decode(s) {
    return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function safeURL(u) {
    return /^(https?:|mailto:)/i.test(u) ? u : "";
  }

  // The clock "today" and "ago" are relative to: the bot's, as the page
  // knows it. Set by the app.
  let nowFn = () => Date.now();

  function link(url, label) {
    const href = safeURL(url);
    const text = escapeHTML(label || url);
    if (!href) return text;
    return `<a href="${escapeHTML(href)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
  }

  // token renders the inside of <…>, still entity-escaped.
  function token(inner) {
    const bar = inner.indexOf("|");
    const head = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? "" : decode(inner.slice(bar + 1));
    if (head.startsWith("!date^")) return dateToken(decode(head), label);
    if (head.startsWith("@")) return `<span class="mention">@${escapeHTML(label || head.slice(1))}</span>`;
    if (head.startsWith("#")) return `<span class="mention">#${escapeHTML(label || head.slice(1))}</span>`;
    if (head.startsWith("!subteam^")) return `<span class="mention">${escapeHTML(label || "@group")}</span>`;
    if (head.startsWith("!")) return `<span class="mention">@${escapeHTML(label || head.slice(1))}</span>`;
    return link(decode(head), label);
  }

  // dateToken renders <!date^UNIX^FORMAT[^LINK]|FALLBACK> in the
  // browser's time zone.
  function dateToken(head, fallback) {
    const parts = head.split("^");
    const secs = Number(parts[1]);
    if (!Number.isFinite(secs) || parts.length < 3) return escapeHTML(fallback);
    const d = new Date(secs * 1000);
    const text = escapeHTML(formatDate(d, parts[2]));
    const title = escapeHTML(d.toString());
    const inner = `<time class="date" datetime="${d.toISOString()}" title="${title}">${text}</time>`;
    const href = parts[3] ? safeURL(parts[3]) : "";
    return href ? `<a href="${escapeHTML(href)}" target="_blank" rel="noopener noreferrer">${inner}</a>` : inner;
  }

  const ordinal = (n) => {
    const s = ["th", "st", "nd", "rd"], v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  };

  function dayDiff(d) {
    const now = new Date(nowFn());
    const a = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    const b = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((a - b) / 86400000);
  }

  function pretty(d, otherwise) {
    switch (dayDiff(d)) {
      case 0: return "today";
      case 1: return "tomorrow";
      case -1: return "yesterday";
    }
    return otherwise;
  }

  function ago(d) {
    const secs = Math.round((d.getTime() - nowFn()) / 1000);
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    for (const [unit, size] of units) {
      if (Math.abs(secs) >= size) return rtf.format(Math.round(secs / size), unit);
    }
    return rtf.format(secs, "second");
  }

  // formatDate fills Slack's date format tokens.
  function formatDate(d, fmt) {
    const f = (opts) => d.toLocaleString(undefined, opts);
    const month = f({ month: "long" }), year = d.getFullYear(), day = ordinal(d.getDate());
    const dateLong = `${f({ weekday: "long" })}, ${month} ${day}, ${year}`;
    const date = `${month} ${day}, ${year}`;
    const dateShort = `${f({ month: "short" })} ${d.getDate()}, ${year}`;
    const pad = (n) => String(n).padStart(2, "0");
    const values = {
      date_num: `${year}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
      date_slash: f({ year: "numeric", month: "2-digit", day: "2-digit" }),
      date_long: dateLong,
      date_long_full: dateLong,
      date_long_pretty: pretty(d, dateLong),
      date: date,
      date_pretty: pretty(d, date),
      date_short: dateShort,
      date_short_full: dateShort,
      date_short_pretty: pretty(d, dateShort),
      time: f({ hour: "numeric", minute: "2-digit" }),
      time_secs: f({ hour: "numeric", minute: "2-digit", second: "2-digit" }),
      ago: ago(d),
    };
    return fmt.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  }

  // Formatting markers count only at word edges, as in Slack: not inside
  // a word (snake_case, a*b*c), and not around spaces.
  const before = "(^|[^\\p{L}\\p{N}])";
  const after = "(?=$|[^\\p{L}\\p{N}])";
  function marker(ch, tag) {
    const c = /[\\^$.*+?()[\]{}|\/]/.test(ch) ? "\\" + ch : ch; // only syntax characters may be escaped with u
    const re = new RegExp(`${before}${c}(?!\\s)([^${c}\\n]+?)(?<!\\s)${c}${after}`, "gu");
    return (s) => s.replace(re, (m, pre, body) => `${pre}<${tag}>${body}</${tag}>`);
  }
  const bold = marker("*", "b"), italic = marker("_", "i"), strike = marker("~", "s");

  // render returns the HTML of mrkdwn text. Unless verbatim, bare URLs
  // become links too.
  function render(src, verbatim) {
    const holes = [];
    const hole = (html) => { holes.push(html); return HOLE + (holes.length - 1) + HOLE; };
    let s = String(src).replace(/\u0000/g, "");
    s = s.replace(/<([^<>\n]*)>/g, (m, inner) => hole(token(inner)));
    s = s.replace(/```([\s\S]*?)```/g, (m, code) => hole(`<pre>${escapeHTML(decode(code))}</pre>`));
    s = s.replace(/`([^`\n]+)`/g, (m, code) => hole(`<code>${escapeHTML(decode(code))}</code>`));
    if (!verbatim) {
      s = s.replace(/\bhttps?:\/\/[^\s<>\u0000]+/g, (u) => hole(link(decode(u), decode(u))));
    }
    s = escapeHTML(decode(s));
    s = strike(italic(bold(s)));
    s = s.split("\n").map((line) => line.startsWith("&gt; ")
      ? `<blockquote>${line.slice(5)}</blockquote>` : line).join("\n");
    s = s.replace(/\n/g, "<br>");
    return s.replace(/\u0000(\d+)\u0000/g, (m, i) => holes[Number(i)]);
  }

  return { render, escapeHTML, formatDate, setNow: (fn) => { nowFn = fn; } };
})();
