// The web chat: asks /api/ask, lists /api/topics, shows /api/summary, votes with /api/feedback.
// Every piece of text from the server is set with textContent, never parsed as HTML, because it
// quotes corpus documents. The server keeps the follow-up context under the conversation id it
// returns with each answer; the page only sends that id back.
"use strict";

(() => {
  const log = document.getElementById("log");
  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const button = document.getElementById("ask-button");
  const status = document.getElementById("status");
  const topicList = document.getElementById("topic-list");
  let conversationId = null;
  let answerCount = 0;
  let knownTopics = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function getJson(response) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  function shorten(text, max) {
    return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + "…";
  }

  // "Text [1] more [2]." -> text nodes and superscript links to the numbered sources.
  function renderText(text, citations, anchorPrefix) {
    const paragraph = el("p", "text");
    const byNumber = new Map(citations.map(c => [c.n, c]));
    const marker = /\[(\d+)\]/g;
    let last = 0;
    for (const match of text.matchAll(marker)) {
      const citation = byNumber.get(Number(match[1]));
      if (!citation) continue;
      paragraph.append(document.createTextNode(text.slice(last, match.index)));
      const sup = el("sup", "marker");
      const link = el("a", null, `[${citation.n}]`);
      link.href = `#${anchorPrefix}-${citation.n}`;
      link.title = `${citation.title}: “${shorten(citation.quote, 300)}”`;
      sup.append(link);
      paragraph.append(sup);
      last = match.index + match[0].length;
    }
    paragraph.append(document.createTextNode(text.slice(last)));
    return paragraph;
  }

  // The engine's refusal already names the topics it can answer about ("… I can answer questions
  // about: A, B."). Each one becomes a chip where the text names it, so the topics are listed once;
  // one the text does not name (a wording the page does not know) is added after it.
  function renderRefusal(text, suggestions) {
    const paragraph = el("p", "text");
    const spans = [];
    const overlaps = (start, end) => spans.some(s => start < s.end && s.start < end);
    const longestFirst = [...suggestions].sort((a, b) => b.length - a.length);
    const unnamed = [];
    for (const suggestion of longestFirst) {
      let at = text.lastIndexOf(suggestion);
      while (at >= 0 && overlaps(at, at + suggestion.length)) at = at > 0 ? text.lastIndexOf(suggestion, at - 1) : -1;
      if (suggestion.length > 0 && at >= 0) spans.push({ start: at, end: at + suggestion.length, suggestion });
      else unnamed.push(suggestion);
    }
    spans.sort((a, b) => a.start - b.start);
    let last = 0;
    for (const span of spans) {
      paragraph.append(document.createTextNode(text.slice(last, span.start)), suggestionChip(span.suggestion));
      last = span.end;
    }
    paragraph.append(document.createTextNode(text.slice(last)));
    for (const suggestion of suggestions.filter(s => unnamed.includes(s))) paragraph.append(" ", suggestionChip(suggestion));
    return paragraph;
  }

  // Reads as the engine wrote it, and summarises the catalog's topic of that id, name or alias.
  function suggestionChip(suggestion) {
    const topic = findTopic(suggestion);
    const chip = topic ? topicChip(topic.id, topic.name, null) : topicChip(suggestion, suggestion, null);
    chip.textContent = suggestion;
    chip.classList.add("inline");
    return chip;
  }

  function renderSources(citations, anchorPrefix) {
    const list = el("ol", "sources");
    for (const c of citations) {
      const item = el("li");
      item.id = `${anchorPrefix}-${c.n}`;
      item.value = c.n;
      item.append(el("strong", "title", c.title));
      if (c.date) item.append(" ", el("span", "date", `(${c.date})`));
      if (c.url && /^https?:\/\//i.test(c.url)) {
        const link = el("a", null, new URL(c.url).hostname);
        link.href = c.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        item.append(" — ", link);
      }
      const details = el("details");
      details.append(el("summary", null, "Quote"), el("blockquote", null, c.quote));
      item.append(details);
      list.append(item);
    }
    return list;
  }

  function renderAnswer(answer, kind) {
    answerCount += 1;
    const anchorPrefix = `a${answerCount}-src`;
    const article = el("li", answer.answered ? "answer" : "answer refused");
    article.append(el("p", "kind", kind));
    article.append(answer.answered || answer.suggestedTopics.length === 0
      ? renderText(answer.text, answer.citations, anchorPrefix)
      : renderRefusal(answer.text, answer.suggestedTopics));
    if (answer.citations.length > 0) {
      article.append(el("h3", "visually-hidden", "Sources"), renderSources(answer.citations, anchorPrefix));
    }
    if (answer.answerId) article.append(feedbackButtons(answer.answerId));
    const seconds = (answer.elapsedMs / 1000).toFixed(2);
    article.append(el("p", "footer",
      `${answer.documentsSearched} documents searched · ${seconds} s · confidence ${Math.round(answer.confidence * 100)}%`));
    log.append(article);
    article.scrollIntoView({ block: "nearest" });
  }

  function feedbackButtons(answerId) {
    const row = el("p", "feedback");
    const note = el("span", "hint");
    for (const [label, helpful] of [["👍 Helpful", true], ["👎 Not helpful", false]]) {
      const vote = el("button", "vote", label);
      vote.type = "button";
      vote.addEventListener("click", async () => {
        note.textContent = "";
        try {
          const response = await fetch("/api/feedback", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ answerId, conversationId, helpful }),
          });
          note.textContent = response.ok ? "Thanks for the feedback." : "The vote could not be recorded.";
        } catch {
          note.textContent = "The vote could not be recorded.";
        }
      });
      row.append(vote, " ");
    }
    row.append(note);
    return row;
  }

  function renderFailure(message) {
    const item = el("li", "answer failed", message);
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function renderQuestion(text) {
    log.append(el("li", "question", text));
  }

  async function request(url, options, pending) {
    button.disabled = true;
    status.textContent = pending;
    try {
      const response = await fetch(url, options);
      const body = await getJson(response);
      if (!response.ok) {
        const message = body && body.error ? body.error : `The server answered ${response.status}.`;
        renderFailure(message);
        return null;
      }
      return body;
    } catch {
      renderFailure("The chat server could not be reached.");
      return null;
    } finally {
      button.disabled = false;
      status.textContent = "";
    }
  }

  async function ask(question) {
    renderQuestion(question);
    const answer = await request("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, conversationId }),
    }, "Searching the documents…");
    if (answer) {
      if (answer.conversationId) conversationId = answer.conversationId;
      renderAnswer(answer, answer.answered ? "Answer" : "No answer in the documents");
    }
  }

  async function summarize(topicId, name) {
    renderQuestion(`Summary: ${name}`);
    const conversation = conversationId ? `&conversationId=${encodeURIComponent(conversationId)}` : "";
    const summary = await request(`/api/summary?topic=${encodeURIComponent(topicId)}${conversation}`, {}, "Summarising…");
    if (summary) {
      if (summary.conversationId) conversationId = summary.conversationId;
      renderAnswer(summary, `Summary — ${name}`);
    }
  }

  function topicChip(id, name, count) {
    const chip = el("button", "chip", name);
    chip.type = "button";
    chip.dataset.topic = id;
    if (count !== null) chip.append(el("span", "count", String(count)));
    chip.addEventListener("click", () => summarize(id, name));
    return chip;
  }

  // Suggestions may name a topic by id, name or alias; chips should use the catalog's id and name.
  function findTopic(text) {
    const wanted = text.toLowerCase();
    return knownTopics.find(t => t.id.toLowerCase() === wanted || t.name.toLowerCase() === wanted
      || (t.aliases || []).some(a => a.toLowerCase() === wanted));
  }

  async function loadTopics() {
    try {
      const response = await fetch("/api/topics");
      if (!response.ok) {
        topicList.append(el("li", "hint", "Topics are not available right now."));
        return;
      }
      const topics = await response.json();
      knownTopics = topics;
      for (const topic of topics) {
        const item = el("li");
        item.append(topicChip(topic.id, topic.name, topic.documentCount));
        topicList.append(item);
      }
    } catch {
      topicList.append(el("li", "hint", "Topics are not available right now."));
    }
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) return;
    input.value = "";
    ask(question);
  });

  loadTopics();
})();
