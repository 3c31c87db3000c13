"""`python -m sicxl.jobs > sicxl/jobs/catalogue.py`: write the job catalogue."""

from sicxl.jobs import render_catalogue

print(render_catalogue(), end="")
