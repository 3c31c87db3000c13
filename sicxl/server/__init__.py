"""The file-server shell (issue 8): portfolio copies (split), their return into the
master (merge), and `regenerate`, which keeps every workbook of a folder up to date.
These operations read and write several workbook files, so they live beside the
command line rather than in the job registry, which works on one workbook."""
