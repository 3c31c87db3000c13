// Runs the add-in's own JavaScript, as served by the sicxl server, over the
// Office.js stub (office_stub.mjs) and the server itself (real HTTP).
//
//   node run.mjs < scenario.json     # prints what the user would have seen, as JSON
//
// Scenario: {"origin": server URL, "book": {"name", "sheets": [{"name", "values",
// "tables": [{"name", "address"}]}]}, "steps": [...]}. Steps:
//   {"do": "click", "job": "score"}          a ribbon button
//   {"do": "signIn", "token": "..."}         the task pane's "Se connecter"
//   {"do": "signOut"}
//   {"do": "call", "function": "SCORE", "args": [[[...]], ...]}   a cell formula
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
const office = officeGlobals({ book, origin, fetchImpl: (...args) => fetch(...args) });
const context = vm.createContext({ ...office.globals, console, setTimeout, clearTimeout, URL, JSON, Promise });
vm.runInContext(`const SIC_SETTINGS = ${settings};`, context);
for (const src of scripts) vm.runInContext(await text(src), context, { filename: src });
await new Promise((resolve) => setTimeout(resolve, 0)); // Office.onReady callbacks
const state = context.document.getElementById("state");

const results = [];
for (const step of scenario.steps) {
  const before = { syncs: office.seen.syncs, dialogs: office.seen.dialogs.length, taskpane: office.seen.taskpaneShown, lost: office.seen.lost };
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
    try {
      result.value = await office.seen.functions.get(step.function)(...step.args, { address: "Feuil1!Z1" });
    } catch (error) {
      result.error = { code: error.code, message: error.message, isFunctionError: error instanceof context.CustomFunctions.Error };
    }
  } else if (step.do === "origin") {
    context.window.location.origin = step.origin;
  } else {
    throw new Error(`unknown step ${step.do}`);
  }
  result.syncs = office.seen.syncs - before.syncs;
  result.lost = office.seen.lost - before.lost;
  result.dialogs = office.seen.dialogs.slice(before.dialogs);
  result.taskpaneShown = office.seen.taskpaneShown - before.taskpane;
  result.state = state.textContent;
  result.token = office.storage.get("sicxl.token") ?? null;
  results.push(result);
}
process.stdout.write(JSON.stringify({ results, book: book.snapshot(), functions: [...office.seen.functions.keys()], actions: [...office.seen.actions.keys()] }));
