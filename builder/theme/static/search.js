// The search page: Pagefind's index (pagefind/pagefind.js, written after each build),
// results as a plain list of links. Without this script the page says search needs it.
const script = document.currentScript || document.querySelector("script[data-index]");
const words = JSON.parse(script.dataset.words);
const form = document.querySelector(".search-form");
const input = document.getElementById("search-q");
const kinds = form.querySelector(".search-kinds");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name]);

let pagefind = null;
let asked = 0;

async function index() {
  if (!pagefind) {
    pagefind = await import(script.dataset.index);
    await pagefind.options({ baseUrl: script.dataset.base, excerptLength: 24 });
  }
  return pagefind;
}

function chosenKinds() {
  return [...kinds.querySelectorAll("input:checked")].map((box) => box.value);
}

function item(data, url, title, excerpt, kind) {
  const li = document.createElement("li");
  li.className = "search-result";
  const label = document.createElement("span");
  label.className = "search-kind";
  label.textContent = words[kind] || "";
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  const heading = document.createElement("h2");
  heading.append(link);
  const text = document.createElement("p");
  // Pagefind's excerpt marks the words found with <mark> and escapes everything else
  text.innerHTML = excerpt;
  li.append(label, heading, text);
  if (data.meta && data.meta.date) {
    const when = document.createElement("p");
    when.className = "search-date";
    when.textContent = data.meta.date;
    li.append(when);
  }
  return li;
}

async function run(query) {
  const ticket = ++asked;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = words.ready;
    return;
  }
  let found;
  try {
    const search = await index();
    found = await search.search(query, { filters: { type: { any: chosenKinds() } } });
  } catch (error) {
    status.textContent = words.failed;
    return;
  }
  if (ticket !== asked || !found) return; // a newer query took over
  const results = await Promise.all(found.results.slice(0, 30).map((result) => result.data()));
  if (ticket !== asked) return;
  // the old results stay until the new ones are ready: the list never flickers empty
  list.replaceChildren(...results.map((data) => {
    const kind = (data.filters && data.filters.type && data.filters.type[0]) || "page";
    // an event's or a source's result leads to its place on the timeline or the sources page
    const target = data.meta && data.meta.target;
    const url = target ? script.dataset.base + target : data.url;
    return item(data, url, (data.meta && data.meta.title) || url, data.excerpt, kind);
  }));
  const count = found.results.length;
  status.textContent = say(count === 0 ? words.none : count === 1 ? words.one : words.some, { count, query });
}

kinds.hidden = false;
status.textContent = words.ready;
const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
const types = new URLSearchParams(location.search).getAll("type");
if (types.length) {
  for (const box of kinds.querySelectorAll("input")) box.checked = types.includes(box.value);
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  if (input.value) params.set("q", input.value);
  const chosen = chosenKinds();
  if (chosen.length < kinds.querySelectorAll("input").length) chosen.forEach((kind) => params.append("type", kind));
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  run(input.value);
});
let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => run(input.value), 200);
});
kinds.addEventListener("change", () => run(input.value));
if (initial) run(initial);
