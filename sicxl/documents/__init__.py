"""What sicxl hands to people outside the workbook: e-mail drafts, letters, calendar
files, mail-merge lists. Their text comes from cells anyone can type into, so it is
made safe here once (`text`), as are the file names built from cell values
(`names`) and the e-mail drafts (`mail`)."""
