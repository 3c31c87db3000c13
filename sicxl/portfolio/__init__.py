"""Portfolios (issue 8): who owns which rows, the copies made for each role, and
how a salesperson's copy comes back into the master. Pure: no file I/O."""
