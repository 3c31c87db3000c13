"""xlwings Lite: main.py and requirements.txt pasted into the Lite editor."""
