"""The reader: source files -> notices.

Formats become lines (`sources.py`), lines become chunks of one notice each (`split.py`, with the
web page layer of `page.py`), and each chunk is parsed by the grammar into the frozen `model.Notice`
(`parse.py` and its parts). Validity, anchors, tables and every named threshold live here too.
`notices.read_notices_of_file` is the entry point. The reader imports nothing of the site builder,
the server or the calculators.
"""
