"""The named jobs. Importing this package registers every job in `JOBS`."""

from sicxl.jobs.base import JOBS, Context, Job, JobResult, Report, Source, job

__all__ = ["JOBS", "Context", "Job", "JobResult", "Report", "Source", "job"]
