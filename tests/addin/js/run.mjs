// Runs the add-in's own JavaScript, as served by the sicxl server, over the
// Office.js stub (office_stub.mjs) and the server itself (real HTTP).
//
//   node run.mjs < scenario.json     # prints what the user would have seen, as JSON
//
// Scenario: {"origin": server URL, "book": {"name", "sheets": [{"name", "values",
// "tables": [{"name", "address"}]}]}, "storage": {key: value kept on the computer},
// "steps": [...]}. Steps:
//   {"do": "click", "job": "score"}          a ribbon button
//   {"do": "signIn", "token": "..."}         the task pane's "Se connecter"
//   {"do": "signOut"}
//   {"do": "call", "function": "SCORE", "args": [[[...]], ...], "wholeColumn": false}   a cell formula
//   {"do": "origin", "origin": "http://..."} the server now answers (or not) there
import vm from "node:vm";
import { officeGlobals, Workbook } from "./office_stub.mjs";

async function text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return await response.text();
}

const scenario = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
}));

const origin = scenario.origin;
const page = await text(`${origin}/taskpane.html`);
const settings = /const SIC_SETTINGS = (.*);\n/.exec(page)[1];
const scripts = [...page.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]).filter((src) => src.startsWith(origin));

const book = new Workbook(scenario.book.name, scenario.book.sheets);
const stored = scenario.storage || {}; // what this computer kept from an earlier session
const requests = [];
const office = officeGlobals({
  book,
  origin,
  fetchImpl: (url, options = {}) => {
    requests.push({ url: String(url), bytes: options.body ? Buffer.byteLength(options.body) : 0 });
    return fetch(url, options);
  },
});
for (const [k, v] of Object.entries(stored)) office.storage.set(k, v);
const context = vm.createContext({ ...office.globals, console, setTimeout, clearTimeout, URL, JSON, Promise });
vm.runInContext(`const SIC_SETTINGS = ${settings};`, context);
for (const src of scripts) vm.runInContext(await text(src), context, { filename: src });
await new Promise((resolve) => setTimeout(resolve, 0)); // Office.onReady callbacks
const state = context.document.getElementById("state");

const results = [];
for (const step of scenario.steps) {
  const before = { requests: requests.length, syncs: office.seen.syncs, dialogs: office.seen.dialogs.length, taskpane: office.seen.taskpaneShown, lost: office.seen.lost };
  const result = { step };
  if (step.do === "click") {
    let completed = false;
    await office.seen.actions.get(step.job)({ completed: () => (completed = true) });
    result.completed = completed;
  } else if (step.do === "signIn") {
    await vm.runInContext("sicSignIn", context)(step.token);
  } else if (step.do === "signOut") {
    await vm.runInContext("sicSignOut", context)();
  } else if (step.do === "call") {
    // "wholeColumn": the first argument reaches the function as Excel hands over a whole
    // column, 1,048,576 rows, the empty ones as null
    const args = step.args.map((arg, i) => (i === 0 && step.wholeColumn
      ? arg.concat(Array.from({ length: 1048576 - arg.length }, () => arg[0].map(() => null)))
      : arg));
    try {
      result.value = await office.seen.functions.get(step.function)(...args, { address: "Feuil1!Z1" });
    } catch (error) {
      result.error = { code: error.code, message: error.message, isFunctionError: error instanceof context.CustomFunctions.Error };
    }
  } else if (step.do === "origin") {
    context.window.location.origin = step.origin;
  } else {
    throw new Error(`unknown step ${step.do}`);
  }
  result.syncs = office.seen.syncs - before.syncs;
  result.requests = requests.slice(before.requests).map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes }));
  result.lost = office.seen.lost - before.lost;
  result.dialogs = office.seen.dialogs.slice(before.dialogs);
  result.taskpaneShown = office.seen.taskpaneShown - before.taskpane;
  result.state = state.textContent;
  result.token = office.storage.get("sicxl.token") ?? null;
  results.push(result);
}
process.stdout.write(JSON.stringify({ results, book: book.snapshot(), functions: [...office.seen.functions.keys()], actions: [...office.seen.actions.keys()] }));
