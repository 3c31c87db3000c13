// sicxl: forwards each custom function call (=SIC.SCORE(...)) to the server.
// Served by /xlwings/custom-functions-code, which appends one stub per function.
// Runs in the add-in's shared runtime (see manifest.xml), where sic.js defines
// sicToken() (the token the user typed once in the task pane).

let sicRuntime = "1.1";
Office.onReady(() => {
  for (const version of ["1.4", "1.3", "1.2"]) {
    if (Office.context.requirements.isSetSupported("CustomFunctionsRuntime", version)) {
      sicRuntime = version;
      break;
    }
  }
});

async function callPython(funcName, argsAndInvocation) {
  const invocation = argsAndInvocation[argsAndInvocation.length - 1];
  const args = argsAndInvocation.slice(0, -1);
  const body = {
    client: "Office.js",
    func_name: funcName,
    args: args,
    caller_address: invocation.address || null,
    culture_info_name: Office.context.contentLanguage || "fr-FR",
    date_format: null,
    version: "placeholder_xlwings_version",
    runtime: sicRuntime,
  };
  const response = await fetch(window.location.origin + "placeholder_call_path", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: sicToken() },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    // Shown when the user hovers over the #VALUE! cell.
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, await response.text());
  }
  return (await response.json()).result;
}
