"""The customer list (`Clients`): who can be drawn, in which stratum.

A customer needs an ID and a market (the stratum). Customers interviewed last
year are kept in the population (they are customers, and count in the weights)
but cannot be drawn. A row that cannot be read is reported and left out; an
unreadable "interviewed last year" cell is read as "oui", so that nobody is
called two years running because of a typo.
"""

from __future__ import annotations

import pandas as pd

from sicxl.messages import survey as msg
from sicxl.schema.survey import CLIENTS, MARKETS
from sicxl.survey.issues import Issue
from sicxl.values import ValueProblem, is_blank, parse_choice, parse_yes_no, text_of


def read_clients(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Columns `id`, `name`, `market` (None when unreadable), `eligible`; index: rows.

    Rows without ID and repeated IDs (the first is kept) are left out.
    """
    issues: list[Issue] = []
    records: dict[int, dict[str, object]] = {}
    first: dict[str, int] = {}
    for row, line in frame.iterrows():
        client = text_of(line.get("id"))
        if not client:
            issues.append(Issue(msg.KIND_CLIENTS, msg.CLIENT_WITHOUT_ID, row, "id"))
            continue
        if client in first:
            issues.append(Issue(msg.KIND_CLIENTS, msg.client_twice(client, first[client]), row, "id"))
            continue
        first[client] = row
        market = None
        try:
            market = parse_choice(line.get("market"), MARKETS) if not is_blank(line.get("market")) else None
            if market is None:
                issues.append(Issue(msg.KIND_CLIENTS, msg.market_missing(client), row, "market"))
        except ValueProblem as problem:
            issues.append(Issue(msg.KIND_CLIENTS, msg.cell_problem(CLIENTS.header("market"), str(problem)), row,
                                "market"))
        surveyed = False
        if not is_blank(line.get("surveyed_last_year")):
            try:
                surveyed = parse_yes_no(line.get("surveyed_last_year"))
            except ValueProblem as problem:
                surveyed = True
                issues.append(Issue(msg.KIND_CLIENTS, msg.surveyed_unreadable(str(problem)), row, "surveyed_last_year"))
        records[row] = {"id": client, "name": text_of(line.get("name")), "market": market,
                        "eligible": not surveyed}
    result = pd.DataFrame(list(records.values()), index=pd.Index(list(records), name="row"),
                          columns=["id", "name", "market", "eligible"])
    result["eligible"] = result["eligible"].astype(bool)
    return result, issues


def population_by_market(clients: pd.DataFrame) -> dict[str, int]:
    """N_h for every market of the contract, 0 when it has no customer."""
    counts = clients["market"].value_counts()
    return {m: int(counts.get(m, 0)) for m in MARKETS}
