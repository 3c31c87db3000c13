"""xlwings Lite (free, nothing to install): paste this file into the Lite editor's
main.py and addin/lite/requirements.txt into its requirements.txt.

The functions and scripts are those of the Office.js add-in (addin.functions,
addin.scripts): importing them here is enough, Lite registers every function
decorated with `xlwings.func` / `xlwings.script` found in main.py. In Lite,
`import xlwings as xw` gives Lite's decorators, so the same modules serve both.
Functions keep their Excel names (score, validate...); the ribbon's scripts are
run_<job> (addin.scripts.script_of) and Lite lists them under their French labels.
"""

from addin.functions import (  # noqa: F401  (registered by Lite)
    address,
    breakeven,
    category,
    funnel,
    heat,
    invitable,
    potential,
    rate,
    sample_size,
    score,
    signal,
    top2box,
    validate,
    variance,
)
from addin.scripts import (  # noqa: F401  (registered by Lite)
    run_agenda,
    run_calls,
    run_dashboard,
    run_dedupe,
    run_fill,
    run_followup,
    run_funnel,
    run_invite,
    run_qualify,
    run_sample,
    run_score,
    run_survey,
    run_tenders,
    run_validate,
)
