"""The yearly satisfaction survey (issue 6, WORKBOOKS.md section 3): sample size,
stratified allocation and draw, answer scales, and the results with their margin
of error and weak points. Pure functions on plain values and DataFrames."""

from sicxl.survey.sample_size import margin_of_error, sample_size, z_value
from sicxl.survey.scales import parse_scale, top2box

__all__ = ["margin_of_error", "parse_scale", "sample_size", "top2box", "z_value"]
