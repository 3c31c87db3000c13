"""Prospecting campaigns: the call log, visit reports, deals, public tenders, and
what is computed from them (prospect temperature, funnel, agenda, tender watch).

Pure Python on typed frames: the jobs in `sicxl.jobs.campaigns` read the sheets and
hand the clean frames built by `reading` to these modules.
"""
