"""The vectorised functions behind the cells (SIC_SCORE, SIC_VARIANCE...).

Pure core, no xlwings: each takes the 2-D list of values Excel hands over
(one row per record, optionally headed by its header row, see `ranges`) and
returns a 2-D list, one result per row, "" for an empty row, and a French
"#VALEUR! ..." message for a row it cannot compute. They never raise. The
add-in shells (addin/functions.py for Office.js and Lite, addin/classic/udfs.py
for the desktop add-in) only declare them to Excel.
"""
