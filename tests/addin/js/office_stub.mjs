// A stub of the part of Office.js the add-in uses, over an in-memory workbook.
//
// It keeps Office.js' batching rules, so that the add-in's own JavaScript is
// tested as Excel would run it: property writes and method calls are queued
// and run, in order, only at `context.sync()`; a property is readable only
// after it was `load`ed and a sync has run; commands still queued when the
// `Excel.run` batch ends are lost (Excel runs nothing without a sync); a
// `values` matrix must have the range's dimensions (a number format may be
// one cell for the whole range, as Microsoft's samples do). Every sync is
// counted: a round trip to Excel.

export class StubError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

function key(row, col) {
  return `${row},${col}`;
}

function columnName(index) {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function address(sheet, row, col, rowCount, colCount) {
  const first = `${columnName(col)}${row + 1}`;
  const last = `${columnName(col + colCount - 1)}${row + rowCount}`;
  return `${sheet}!${first}${rowCount === 1 && colCount === 1 ? "" : ":" + last}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

// What Excel stores for a value written through `range.values`: it reads a
// string as a user's typing, so an ISO date becomes its serial number and
// "01053" the number 1053, unless a leading apostrophe marks it as text.
export function typed(value) {
  if (typeof value !== "string" || value.startsWith("=")) return value === null ? "" : value;
  if (value.startsWith("'")) return value.slice(1);
  const date = ISO_DATE.exec(value);
  if (date) {
    const [y, m, d, hh, mm, ss] = date.slice(1).map((part) => Number(part || 0));
    return (Date.UTC(y, m - 1, d, hh, mm, ss) - Date.UTC(1899, 11, 30)) / 86400000;
  }
  return NUMBER.test(value) ? Number(value) : value;
}

function parseAddress(text) {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(text.split("!").pop().replace(/\$/g, ""));
  if (!match) throw new StubError("InvalidArgument", `address ${text}`);
  const col = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [row1, col1] = [Number(match[2]) - 1, col(match[1])];
  const [row2, col2] = match[3] ? [Number(match[4]) - 1, col(match[3])] : [row1, col1];
  return { row: row1, col: col1, rowCount: row2 - row1 + 1, colCount: col2 - col1 + 1 };
}

// The workbook: sheets in order, each a map of cells ("row,col" -> properties).
export class Workbook {
  constructor(name, sheets) {
    this.name = name;
    this.sheets = sheets.map((s) => this.newSheet(s.name, s.values || [], s.tables || []));
    this.active = 0;
  }

  newSheet(name, values, tables) {
    const sheet = { name, cells: new Map(), tables: [], widths: new Map(), merged: [] };
    values.forEach((row, r) => row.forEach((value, c) => {
      if (value !== "" && value !== null) this.cell(sheet, r, c, true).value = value;
    }));
    sheet.tables = tables.map((t) => ({ name: t.name, ...parseAddress(t.address) }));
    return sheet;
  }

  cell(sheet, row, col, create) {
    const k = key(row, col);
    if (!sheet.cells.has(k)) {
      if (!create) return null;
      sheet.cells.set(k, { value: "", numberFormat: "General", fill: null, fontColor: null, bold: false, wrap: false });
    }
    return sheet.cells.get(k);
  }

  usedRange(sheet) {
    let [top, left, bottom, right] = [Infinity, Infinity, -1, -1];
    for (const [k, cell] of sheet.cells) {
      if (cell.value === "" || cell.value === null) continue;
      const [r, c] = k.split(",").map(Number);
      [top, left, bottom, right] = [Math.min(top, r), Math.min(left, c), Math.max(bottom, r), Math.max(right, c)];
    }
    return bottom < 0 ? null : { row: top, col: left, rowCount: bottom - top + 1, colCount: right - left + 1 };
  }

  // What a test compares: every non-empty cell's value and style, per sheet.
  snapshot() {
    return this.sheets.map((sheet) => ({
      name: sheet.name,
      cells: Object.fromEntries([...sheet.cells].filter(([, c]) => c.value !== "" || c.numberFormat !== "General" || c.fill || c.fontColor || c.bold || c.wrap)),
      widths: Object.fromEntries(sheet.widths),
      tables: sheet.tables.map((t) => ({ name: t.name, address: address(sheet.name, t.row, t.col, t.rowCount, t.colCount).split("!")[1] })),
      merged: sheet.merged,
    }));
  }
}

// A queued proxy object: properties become readable once loaded and synced.
class Proxy {
  constructor(context) {
    this.context = context;
    this.loaded = {};
  }

  load(properties) {
    const names = typeof properties === "string" ? properties.split(",").map((p) => p.trim()) : properties;
    this.context.queue(() => {
      for (const name of names) this.loaded[name] = this.read(name);
    });
    return this;
  }

  get(name) {
    if (!(name in this.loaded)) throw new StubError("PropertyNotLoaded", `${this.constructor.name}.${name}`);
    return this.loaded[name];
  }
}

// Formats whose properties the stub knows: writing any other one is an error,
// not a silent no-op.
function formatObject(range, properties) {
  return new globalThis.Proxy({}, {
    set(target, name, value) {
      if (!(name in properties)) throw new StubError("InvalidArgument", `format property ${String(name)}`);
      range.context.queue(() => range.each((cell) => (cell[properties[name]] = value)));
      return true;
    },
  });
}

class RangeFormat {
  constructor(range) {
    this.range = range;
    this.fill = formatObject(range, { color: "fill" });
    this.font = formatObject(range, { color: "fontColor", bold: "bold" });
  }

  set wrapText(value) {
    this.range.context.queue(() => this.range.each((cell) => (cell.wrap = value)));
  }

  set columnWidth(value) {
    this.range.context.queue(() => {
      const { col, colCount } = this.range.area();
      for (let c = col; c < col + colCount; c += 1) this.range.sheetData().widths.set(c, value);
    });
  }
}

class Range extends Proxy {
  // `where` gives the area when the commands run: a used range is only known then.
  constructor(context, sheet, where) {
    super(context);
    this.sheet = sheet;
    this.where = where;
    this.format = new RangeFormat(this);
  }

  sheetData() {
    return this.sheet.data();
  }

  area() {
    const area = this.where(this.sheetData());
    if (!area) throw new StubError("ItemNotFound", "null range");
    return area;
  }

  each(change) {
    const { row, col, rowCount, colCount } = this.area();
    for (let r = row; r < row + rowCount; r += 1) {
      for (let c = col; c < col + colCount; c += 1) change(this.context.book.cell(this.sheetData(), r, c, true), r - row, c - col);
    }
  }

  read(name) {
    const sheet = this.sheetData();
    const area = this.where(sheet);
    if (name === "isNullObject") return area === null;
    if (!area) throw new StubError("ItemNotFound", "null range");
    const { row, col, rowCount, colCount } = area;
    switch (name) {
      case "rowIndex": return row;
      case "columnIndex": return col;
      case "rowCount": return rowCount;
      case "columnCount": return colCount;
      case "address": return address(sheet.name, row, col, rowCount, colCount);
      case "values":
        return Array.from({ length: rowCount }, (_, r) => Array.from({ length: colCount }, (_, c) => {
          const cell = this.context.book.cell(sheet, row + r, col + c, false);
          return cell ? cell.value : "";
        }));
      default: throw new StubError("InvalidArgument", `Range.${name}`);
    }
  }

  get isNullObject() { return this.get("isNullObject"); }
  get rowIndex() { return this.get("rowIndex"); }
  get columnIndex() { return this.get("columnIndex"); }
  get rowCount() { return this.get("rowCount"); }
  get columnCount() { return this.get("columnCount"); }
  get address() { return this.get("address"); }

  get values() { return this.get("values"); }
  set values(matrix) {
    this.context.queue(() => {
      const { rowCount, colCount } = this.area();
      if (!Array.isArray(matrix) || matrix.length !== rowCount || matrix.some((row) => row.length !== colCount)) {
        throw new StubError("InvalidArgument", `values do not match the range's ${rowCount}x${colCount}`);
      }
      this.each((cell, r, c) => (cell.value = typed(matrix[r][c])));
    });
  }

  set numberFormat(matrix) {
    this.context.queue(() => {
      const { rowCount, colCount } = this.area();
      const single = matrix.length === 1 && matrix[0].length === 1;
      if (!single && (matrix.length !== rowCount || matrix.some((row) => row.length !== colCount))) {
        throw new StubError("InvalidArgument", "numberFormat does not match the range");
      }
      this.each((cell, r, c) => (cell.numberFormat = single ? matrix[0][0] : matrix[r][c]));
    });
  }

  merge(across) {
    this.context.queue(() => {
      const { row, col, rowCount, colCount } = this.area();
      this.sheetData().merged.push(address(this.sheetData().name, row, col, rowCount, colCount).split("!")[1]);
    });
  }

  clear() {
    this.context.queue(() => {
      const sheet = this.sheetData();
      const { row, col, rowCount, colCount } = this.area();
      for (const k of [...sheet.cells.keys()]) {
        const [r, c] = k.split(",").map(Number);
        if (r >= row && r < row + rowCount && c >= col && c < col + colCount) sheet.cells.delete(k);
      }
      sheet.merged = [];
    });
  }
}

class Table extends Proxy {
  constructor(context, sheet, index) {
    super(context);
    this.sheet = sheet;
    this.index = index;
  }

  data() {
    const table = this.sheet.data().tables[this.index];
    if (!table) throw new StubError("ItemNotFound", `table ${this.index}`);
    return table;
  }

  read(name) {
    if (name === "name") return this.data().name;
    throw new StubError("InvalidArgument", `Table.${name}`);
  }

  get name() { return this.get("name"); }

  getRange() {
    return new Range(this.context, this.sheet, () => this.data());
  }

  resize(text) {
    this.context.queue(() => Object.assign(this.data(), parseAddress(text)));
  }
}

class Tables extends Proxy {
  constructor(context, sheet) {
    super(context);
    this.sheet = sheet;
  }

  read(name) {
    if (name === "items/name" || name === "items") {
      return this.sheet.data().tables.map((t, i) => {
        const table = new Table(this.context, this.sheet, i);
        table.loaded.name = t.name;
        return table;
      });
    }
    throw new StubError("InvalidArgument", `Tables.${name}`);
  }

  get items() { return this.get("items/name"); }

  getItemAt(index) {
    return new Table(this.context, this.sheet, index);
  }
}

class Worksheet extends Proxy {
  // `ref` is the sheet's data once it exists: a sheet added in this batch has none
  // before the next sync, yet its proxy can already be written to.
  constructor(context, ref) {
    super(context);
    this.ref = ref;
    this.tables = new Tables(context, this);
  }

  data() {
    if (!this.ref.data) throw new StubError("ItemNotFound", "sheet not created yet");
    return this.ref.data;
  }

  read(name) {
    if (name === "name") return this.data().name;
    if (name === "position") return this.context.book.sheets.indexOf(this.data());
    throw new StubError("InvalidArgument", `Worksheet.${name}`);
  }

  get name() { return this.get("name"); }
  get position() { return this.get("position"); }
  set position(index) {
    this.context.queue(() => {
      const sheets = this.context.book.sheets;
      sheets.splice(sheets.indexOf(this.data()), 1);
      sheets.splice(index, 0, this.data());
    });
  }

  getRangeByIndexes(row, col, rowCount, colCount) {
    return new Range(this.context, this, () => ({ row, col, rowCount, colCount }));
  }

  getRange() {
    return new Range(this.context, this, () => ({ row: 0, col: 0, rowCount: 1048576, colCount: 16384 }));
  }

  getUsedRangeOrNullObject() {
    return new Range(this.context, this, (sheet) => this.context.book.usedRange(sheet));
  }
}

class Worksheets extends Proxy {
  read(name) {
    if (name === "items/name" || name === "items") {
      return this.context.book.sheets.map((data) => {
        const sheet = new Worksheet(this.context, { data });
        sheet.loaded.name = data.name;
        return sheet;
      });
    }
    throw new StubError("InvalidArgument", `Worksheets.${name}`);
  }

  get items() { return this.get("items/name"); }

  getActiveWorksheet() {
    return new Worksheet(this.context, { get data() { return this.book.sheets[this.book.active]; }, book: this.context.book });
  }

  add(name) {
    const ref = {};
    this.context.queue(() => {
      if (this.context.book.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw new StubError("ItemAlreadyExists", name);
      }
      ref.data = this.context.book.newSheet(name, [], []);
      this.context.book.sheets.push(ref.data);
    });
    return new Worksheet(this.context, ref);
  }
}

class WorkbookProxy extends Proxy {
  constructor(context) {
    super(context);
    this.worksheets = new Worksheets(context);
  }

  read(name) {
    if (name === "name") return this.context.book.name;
    throw new StubError("InvalidArgument", `Workbook.${name}`);
  }

  get name() { return this.get("name"); }
}

export class RequestContext {
  constructor(book, counter) {
    this.book = book;
    this.counter = counter;
    this.pending = [];
    this.workbook = new WorkbookProxy(this);
  }

  queue(command) {
    this.pending.push(command);
  }

  async sync() {
    this.counter.syncs += 1;
    const commands = this.pending;
    this.pending = [];
    for (const command of commands) command();
  }
}

// The globals the add-in's scripts expect (Office, Excel, OfficeRuntime,
// CustomFunctions, document, window, fetch), recording what the user would see.
export function officeGlobals({ book, origin, fetchImpl }) {
  const seen = { syncs: 0, dialogs: [], taskpaneShown: 0, actions: new Map(), functions: new Map(), lost: 0 };
  const storage = new Map();
  const elements = new Map();
  const Office = {
    onReady: (callback) => Promise.resolve(callback ? callback({ host: "Excel" }) : { host: "Excel" }),
    actions: { associate: (name, handler) => seen.actions.set(name, handler) },
    addin: { showAsTaskpane: async () => { seen.taskpaneShown += 1; } },
    context: {
      contentLanguage: "fr-FR",
      requirements: { isSetSupported: () => true },
      ui: {
        displayDialogAsync: (url, options, callback) => {
          const query = new URL(url).searchParams;
          seen.dialogs.push({ title: query.get("title"), prompt: query.get("prompt") });
          callback({ value: { addEventHandler: () => {}, close: () => {} } });
        },
      },
    },
    EventType: { DialogMessageReceived: "dialogMessageReceived" },
  };
  const Excel = {
    run: async (batch) => {
      const context = new RequestContext(book, seen);
      try {
        return await batch(context);
      } finally {
        seen.lost += context.pending.length; // never sent to Excel
      }
    },
  };
  class FunctionError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }
  return {
    seen,
    storage,
    globals: {
      Office,
      Excel,
      OfficeRuntime: {
        storage: {
          getItem: async (k) => (storage.has(k) ? storage.get(k) : null),
          setItem: async (k, v) => storage.set(k, v),
          removeItem: async (k) => storage.delete(k),
        },
      },
      CustomFunctions: {
        associate: (id, fn) => seen.functions.set(id, fn),
        Error: FunctionError,
        ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
      },
      document: {
        getElementById: (id) => {
          if (!elements.has(id)) elements.set(id, { textContent: "", value: "" });
          return elements.get(id);
        },
      },
      window: { location: { origin } },
      localStorage: null,
      fetch: fetchImpl,
    },
  };
}
