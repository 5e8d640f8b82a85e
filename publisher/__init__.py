"""The site builder: notices -> a built site.

`publish.build_all` builds one county (`county.py`) or a province of counties (`province.py`) into a
staged output folder (`output.py`). A county's corpus (`corpus.py`: profile, notices through the
reader, calculators bound through `calculators.api`) becomes pages (`render.py`, `calculator_pages.py`,
`report.py`), an mkdocs site (`hooks.py`), a search index (`search_index.py`), the engine bundle and
compressed copies (`compress.py`), with a content-hash cache (`cache.py`, `pages_cache.py`).
"""
