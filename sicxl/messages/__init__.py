"""French text shown to users, one module per business area, reviewed in one place."""
