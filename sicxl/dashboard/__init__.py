"""The monthly dashboard: variances, rates, XmR signals, break-even, contract mix."""
