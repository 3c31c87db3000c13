// sicxl: forwards each custom function call (=SIC.SCORE(...)) to the server.
// Served by /xlwings/custom-functions-code, which appends one stub per function.
// Runs in the add-in's shared runtime (see manifest.xml), beside sic.js: the
// token (sicCall) and the French messages come from there. A refusal shows as
// #VALUE! with the French sentence Excel displays on the cell's error flag.

let sicRuntime = "1.1";
Office.onReady(() => {
  for (const version of ["1.4", "1.3", "1.2"]) {
    if (Office.context.requirements.isSetSupported("CustomFunctionsRuntime", version)) {
      sicRuntime = version;
      break;
    }
  }
});

function sicBlankRow(row) {
  for (let i = 0; i < row.length; i += 1) {
    const value = row[i];
    if (value !== null && value !== undefined && value !== "") return false;
  }
  return true;
}

// A whole column (=SIC.SCORE(J:O)) reaches the function as 1,048,576 rows: only
// those up to the last filled one are sent (one at least; addin/ranges.py does
// the same for the other clients).
function sicTrim(arg) {
  if (!Array.isArray(arg) || !Array.isArray(arg[0])) return arg;
  let end = arg.length;
  while (end > 1 && sicBlankRow(arg[end - 1])) end -= 1;
  return end === arg.length ? arg : arg.slice(0, end);
}

async function callPython(funcName, argsAndInvocation) {
  const invocation = argsAndInvocation[argsAndInvocation.length - 1];
  const body = {
    client: "Office.js",
    func_name: funcName,
    args: argsAndInvocation.slice(0, -1).map(sicTrim),
    caller_address: invocation.address || null,
    culture_info_name: Office.context.contentLanguage || "fr-FR",
    date_format: null,
    version: "placeholder_xlwings_version",
    runtime: sicRuntime,
  };
  try {
    return (await sicCall("placeholder_call_path", body)).result;
  } catch (error) {
    const text = error instanceof SicError ? error.message : sicMessage("serverError");
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, text);
  }
}
