"""The writer registry: every format's writer, suffix and own inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import briefgen.writers as writers_package
from briefgen.document import Document, Meta, Paragraph, Text, WriterOptions
from briefgen.writers.registry import FORMATS, WRITERS, format_of, writer


def labels(fmt: str) -> list[str]:
    return [i.label for i in writer(fmt).inputs]


def test_each_writer_package_is_its_own_writers_input():
    # Code in writers/<format>/ is left out of briefgen's code hash, so each
    # such package must be some writer's input, or a change to it would go unseen.
    packages = sorted(p.name for p in Path(writers_package.__file__).parent.iterdir()
                      if (p / "__init__.py").is_file())
    assert packages == sorted(FORMATS)
    for fmt in FORMATS:
        assert f"{fmt.upper()} writer code" in labels(fmt)


def test_the_pdf_depends_on_nothing_only_the_docx_uses():
    assert labels("pdf") == ["fonts", "PDF writer code"]
    assert labels("docx") == ["house style (reference.docx)", "DOCX writer code", "fonts",
                              "PDF writer code"]  # what fitted the budget on the PDF


def test_files_are_named_by_their_writers_suffix():
    assert format_of("rs-domestic.sr-Cyrl.pdf") == "pdf"
    assert format_of("eu.docx") == "docx"
    assert all(w.suffix == f".{fmt}" for fmt, w in WRITERS.items())


def test_no_writer_is_loaded_before_its_first_write():
    # `check`, `--help` and no-op builds ask the registry but never write.
    probe = ("import sys, briefgen.writers.registry; "
             "print(sorted(m for m in sys.modules if m.startswith('briefgen.writers.')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['briefgen.writers.registry']"


def test_each_writer_writes_its_format():
    document = Document(Meta(title="A brief"), (Paragraph((Text("Hello."),)),))
    assert writer("pdf").write(document, WriterOptions()).startswith(b"%PDF")
    assert writer("docx").write(document, WriterOptions()).startswith(b"PK")
