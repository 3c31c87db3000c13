// sicxl ribbon client: sends the open workbook to the server's script of a
// button (/xlwings/custom-scripts-call/<job>) and applies the actions it
// returns (the protocol of xlwings Server: values, formats, colours, sheets).
// Loaded by taskpane.html, which is also the ribbon's FunctionFile.

const SIC_VERSION = "office-js"; // xlwings checks the version of other clients only

function sicToken() {
  return localStorage.getItem("sicxlToken") || "";
}

async function sicPayload(context) {
  const workbook = context.workbook;
  const sheets = workbook.worksheets;
  sheets.load("items/name");
  workbook.load("name");
  const active = sheets.getActiveWorksheet();
  active.load("position");
  await context.sync();
  const used = sheets.items.map((s) => {
    const range = s.getUsedRangeOrNullObject(true);
    range.load("rowIndex,columnIndex,rowCount,columnCount,isNullObject");
    const tables = s.tables;
    tables.load("items/name");
    return { sheet: s, range, tables };
  });
  await context.sync();
  const blocks = used.map(({ sheet, range, tables }) => {
    // Values from A1, as xlwings expects, and each table's address.
    const block = range.isNullObject
      ? null
      : sheet.getRangeByIndexes(0, 0, range.rowIndex + range.rowCount, range.columnIndex + range.columnCount);
    if (block) block.load("values");
    const addresses = tables.items.map((t) => {
      const r = t.getRange();
      r.load("address");
      return { table: t, range: r };
    });
    return { sheet, block, addresses };
  });
  await context.sync();
  return {
    client: "Office.js",
    version: SIC_VERSION,
    book: { name: workbook.name, active_sheet_index: active.position, selection: null },
    names: [],
    sheets: blocks.map(({ sheet, block, addresses }) => ({
      name: sheet.name,
      values: block ? block.values : [[""]],
      pictures: [],
      tables: addresses.map(({ table, range }) => ({
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
}

function sicRange(context, action) {
  const sheet = context.workbook.worksheets.items[action.sheet_position];
  return sheet.getRangeByIndexes(action.start_row, action.start_column, action.row_count, action.column_count);
}

const SIC_ACTIONS = {
  setValues: (c, a) => (sicRange(c, a).values = a.values),
  setNumberFormat: (c, a) => (sicRange(c, a).numberFormat = [[a.args[0]]]),
  setRangeColor: (c, a) => (sicRange(c, a).format.fill.color = a.args[0]),
  setFontProperty: (c, a) => (sicRange(c, a).format.font[a.args[0]] = a.args[1]),
  setWrapText: (c, a) => (sicRange(c, a).format.wrapText = a.args[0]),
  setColumnWidth: (c, a) => (sicRange(c, a).format.columnWidth = a.args[0] * 7),
  rangeMerge: (c, a) => sicRange(c, a).merge(a.args[0]),
  addSheet: (c, a) => {
    const sheet = c.workbook.worksheets.add(a.args[1]);
    sheet.position = a.args[0];
  },
  sheetClear: (c, a) => c.workbook.worksheets.items[a.sheet_position].getRange().clear(),
  resizeTable: (c, a) => {
    const sheet = c.workbook.worksheets.items[a.sheet_position];
    sheet.tables.getItemAt(a.args[0]).resize(a.args[1]);
  },
  alert: (c, a) => sicShow(a.args[1], a.args[0]),
};

function sicShow(title, prompt) {
  const url = `${window.location.origin}/xlwings/alert?title=${encodeURIComponent(title)}&prompt=${encodeURIComponent(prompt)}`;
  Office.context.ui.displayDialogAsync(url, { height: 40, width: 35 }, (result) => {
    const dialog = result.value;
    if (dialog) dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
  });
}

async function sicRun(job) {
  await Excel.run(async (context) => {
    const payload = await sicPayload(context);
    const response = await fetch(`${window.location.origin}/xlwings/custom-scripts-call/${job}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: sicToken() },
      body: JSON.stringify(payload),
    });
    if (!response.ok) {
      sicShow("SIC", await response.text());
      return;
    }
    const sheets = context.workbook.worksheets;
    for (const action of (await response.json()).actions) {
      sheets.load("items/name");
      await context.sync(); // sheets may have been added by a previous action
      const apply = SIC_ACTIONS[action.func];
      if (apply) apply(context, action);
    }
    await context.sync();
  });
}

// One ribbon button per job: the manifest's <FunctionName> is the job name.
Office.onReady(() => {
  for (const job of SIC_JOBS) {
    Office.actions.associate(job, async (event) => {
      try {
        await sicRun(job);
      } finally {
        event.completed();
      }
    });
  }
});
