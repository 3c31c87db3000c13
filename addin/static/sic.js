// sicxl: the add-in's shared runtime, loaded by taskpane.html (the task pane, the
// ribbon's FunctionFile and the page of the custom functions are that one page).
//
// - Sign-in: the token the administrator hands out is typed once in the task
//   pane and kept on this computer (OfficeRuntime.storage, else the page's
//   localStorage). A call without a token, or one the server refuses, opens
//   the task pane with a French sentence.
// - Ribbon: each button sends the open workbook to the script of its job
//   (/xlwings/custom-scripts-call/<script>) and replays the actions it returns
//   (the protocol of xlwings Server: values, formats, colours, sheets). Office.js
//   runs queued commands in order, so the actions are queued and sent to Excel
//   in a few requests (`context.sync()`), each kept well below the 5 MB Excel
//   on the web accepts, instead of one round trip per action.
// - Every message is one of SIC_SETTINGS.messages (French, from the server).

const SIC_TOKEN_KEY = "sicxl.token";
const SIC_VERSION = "office-js"; // xlwings checks the version of other clients only
const SIC_REQUEST_BYTES = 2000000; // queued before a sync: a margin under Excel on the web's 5 MB
const SIC_COMMAND_BYTES = 200; // what one queued command weighs in a request, its values aside

// A sentence for the user, already in French.
class SicError extends Error {}
// Said in the task pane, opened for the user to sign in.
class SicSignIn extends SicError {}

function sicMessage(key) {
  return SIC_SETTINGS.messages[key];
}

function sicStorage() {
  // OfficeRuntime.storage is the add-in's own store, shared by the task pane and
  // the custom functions; localStorage is the page's, where the former is absent.
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return OfficeRuntime.storage;
  return {
    getItem: async (key) => localStorage.getItem(key),
    setItem: async (key, value) => localStorage.setItem(key, value),
    removeItem: async (key) => localStorage.removeItem(key),
  };
}

async function sicToken() {
  return (await sicStorage().getItem(SIC_TOKEN_KEY)) || "";
}

function sicSay(text) {
  const state = document.getElementById("state");
  if (state) state.textContent = text;
}

// The task pane, opened with a sentence: a call without a token, or with one
// the server refused. Cells recalculated together share one opening.
let sicOpening = null;
function sicAskSignIn(text) {
  sicSay(text);
  if (!sicOpening) {
    sicOpening = Promise.resolve(Office.addin.showAsTaskpane())
      .catch(() => {})
      .finally(() => (sicOpening = null));
  }
  return sicOpening;
}

async function sicDetail(response) {
  try {
    const detail = (await response.json()).detail;
    if (typeof detail === "string" && detail) return detail;
  } catch (error) {
    // not the server's JSON: a proxy's page, say
  }
  return sicMessage([502, 503, 504].includes(response.status) ? "serverDown" : "serverError");
}

// The stored token; without one, the task pane opens to ask for it.
async function sicRequireToken() {
  const token = await sicToken();
  if (!token) {
    await sicAskSignIn(sicMessage("tokenMissing"));
    throw new SicSignIn(sicMessage("tokenMissing"));
  }
  return token;
}

// A call to the server with the token; its JSON answer, or a SicError.
async function sicCall(path, body, token) {
  token = token === undefined ? await sicRequireToken() : token;
  let response;
  try {
    response = await fetch(window.location.origin + path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json", Authorization: token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new SicError(sicMessage("serverDown"));
  }
  if (response.status === 401) {
    const detail = await sicDetail(response);
    await sicAskSignIn(detail);
    throw new SicSignIn(detail);
  }
  if (!response.ok) throw new SicError(await sicDetail(response));
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch (error) {
    throw new SicError(sicMessage("serverError")); // a page that is not the server's answer
  }
}

// Task pane: keep a token once the server has accepted it.
async function sicSignIn(token) {
  token = token.trim();
  if (!token) return sicSay(sicMessage("tokenEmpty"));
  sicSay(sicMessage("tokenChecking"));
  try {
    await sicCall("/token", undefined, token);
  } catch (error) {
    return sicSay(error instanceof SicError ? error.message : sicMessage("serverError"));
  }
  await sicStorage().setItem(SIC_TOKEN_KEY, token);
  sicSay(sicMessage("tokenSaved"));
}

async function sicSignOut() {
  await sicStorage().removeItem(SIC_TOKEN_KEY);
  sicSay(sicMessage("tokenForgotten"));
}

// The open workbook as xlwings Server reads it (values from A1, tables), and the
// worksheets in position order: the actions name sheets by position.
async function sicBook(context) {
  const workbook = context.workbook;
  const worksheets = workbook.worksheets;
  worksheets.load("items/name");
  workbook.load("name");
  const active = worksheets.getActiveWorksheet();
  active.load("position");
  await context.sync();
  const used = worksheets.items.map((sheet) => {
    const range = sheet.getUsedRangeOrNullObject(true);
    range.load("rowIndex,columnIndex,rowCount,columnCount,isNullObject");
    sheet.tables.load("items/name");
    return { sheet, range };
  });
  await context.sync();
  const blocks = used.map(({ sheet, range }) => {
    const block = range.isNullObject
      ? null
      : sheet.getRangeByIndexes(0, 0, range.rowIndex + range.rowCount, range.columnIndex + range.columnCount);
    if (block) block.load("values");
    const tables = sheet.tables.items.map((table) => ({ table, range: table.getRange().load("address") }));
    return { sheet, block, tables };
  });
  await context.sync();
  const payload = {
    client: "Office.js",
    version: SIC_VERSION,
    book: { name: workbook.name, active_sheet_index: active.position, selection: null },
    names: [],
    sheets: blocks.map(({ sheet, block, tables }) => ({
      name: sheet.name,
      values: block ? block.values : [[""]],
      pictures: [],
      tables: tables.map(({ table, range }) => ({
        name: table.name,
        range_address: range.address.split("!").pop(),
        header_row_range_address: null,
        data_body_range_address: null,
        total_row_range_address: null,
        show_headers: true,
        show_totals: false,
        table_style: null,
        show_autofilter: true,
      })),
    })),
  };
  return { payload, sheets: worksheets.items.slice() };
}

function sicRange(sheets, action) {
  return sheets[action.sheet_position].getRangeByIndexes(
    action.start_row,
    action.start_column,
    action.row_count,
    action.column_count,
  );
}

// The actions addin/book_writer.py produces, queued without a sync. `sheets`
// mirrors the workbook's order: a sheet added here takes its place at once.
const SIC_ACTIONS = {
  setValues: (c, sheets, a) => (sicRange(sheets, a).values = a.values),
  setNumberFormat: (c, sheets, a) => (sicRange(sheets, a).numberFormat = [[a.args[0]]]),
  setRangeColor: (c, sheets, a) => (sicRange(sheets, a).format.fill.color = a.args[0]),
  setFontProperty: (c, sheets, a) => {
    const value = a.args[0] === "bold" || a.args[0] === "italic" ? Boolean(a.args[1]) : a.args[1];
    sicRange(sheets, a).format.font[a.args[0]] = value;
  },
  setWrapText: (c, sheets, a) => (sicRange(sheets, a).format.wrapText = a.args[0]),
  setColumnWidth: (c, sheets, a) => (sicRange(sheets, a).format.columnWidth = a.args[0] * 7),
  rangeMerge: (c, sheets, a) => sicRange(sheets, a).merge(a.args[0]),
  addSheet: (c, sheets, a) => {
    const sheet = c.workbook.worksheets.add(a.args[1]);
    sheet.position = a.args[0];
    sheets.splice(a.args[0], 0, sheet);
  },
  sheetClear: (c, sheets, a) => sheets[a.sheet_position].getRange().clear(),
  resizeTable: (c, sheets, a) => sheets[a.sheet_position].tables.getItemAt(a.args[0]).resize(a.args[1]),
};

function sicWeight(action) {
  return SIC_COMMAND_BYTES + (action.values ? JSON.stringify(action.values).length : 0);
}

// Replay the actions; the end-of-run messages (alert) are returned, to show once
// everything is written.
async function sicApply(context, sheets, actions) {
  const alerts = [];
  let queued = 0;
  for (const action of actions) {
    if (action.func === "alert") {
      alerts.push(action);
      continue;
    }
    const apply = SIC_ACTIONS[action.func];
    if (!apply) throw new SicError(sicMessage("serverError"));
    apply(context, sheets, action);
    queued += sicWeight(action);
    if (queued >= SIC_REQUEST_BYTES) {
      await context.sync();
      queued = 0;
    }
  }
  if (queued) await context.sync();
  return alerts;
}

function sicShow(title, prompt) {
  const url = `${window.location.origin}/xlwings/alert?title=${encodeURIComponent(title)}&prompt=${encodeURIComponent(prompt)}`;
  Office.context.ui.displayDialogAsync(url, { height: 40, width: 35 }, (result) => {
    const dialog = result.value;
    if (dialog) dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
  });
}

async function sicRun(job) {
  try {
    const token = await sicRequireToken();
    await Excel.run(async (context) => {
      const book = await sicBook(context);
      const answer = await sicCall(`/xlwings/custom-scripts-call/${SIC_SETTINGS.scripts[job]}`, book.payload, token);
      for (const alert of await sicApply(context, book.sheets, answer.actions)) sicShow(alert.args[1], alert.args[0]);
    });
  } catch (error) {
    if (!(error instanceof SicSignIn)) {
      sicShow(SIC_SETTINGS.page.title, error instanceof SicError ? error.message : sicMessage("writeFailed"));
    }
  }
}

// One ribbon button per job: the manifest's <FunctionName> is the job name.
Office.onReady(async () => {
  for (const job of Object.keys(SIC_SETTINGS.scripts)) {
    Office.actions.associate(job, async (event) => {
      try {
        await sicRun(job);
      } finally {
        event.completed();
      }
    });
  }
  if (await sicToken()) sicSay(sicMessage("tokenKept"));
});
