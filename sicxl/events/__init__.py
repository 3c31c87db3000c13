"""Events: invitation lists, convocations, answers and follow-ups (issue 7)."""
