"""briefgen's benchmark against the pandoc, Typst and LibreOffice routes: `python bench/run.py`."""
