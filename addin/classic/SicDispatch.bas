Attribute VB_Name = "SicDispatch"
' The one callback of the SIC ribbon (customUI/customUI14.xml, onAction="SicDispatch").
' Every button passes its id ("sic.score", "sic.qualify"...) to Python, which runs
' the job of the same name on this workbook: addin/classic/dispatch.py.
Sub SicDispatch(control As IRibbonControl)
    RunPython "import addin.classic.dispatch as d; d.dispatch('" & control.Id & "')"
End Sub
